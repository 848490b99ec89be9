package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Numbered migrations, one directory per dialect, each file with goose's -- +goose Up marker.
//
//go:embed migrations
var migrations embed.FS

func (db *DB) provider(log *slog.Logger) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	dialect := goose.DialectSQLite3
	if db.Dialect == MySQL {
		dialect = goose.DialectMySQL
		// Several instances may start at once: one migrates, the others wait for it.
		locker, err := lock.NewMySQLTableLocker(
			lock.WithTableLockTimeout(500*time.Millisecond, 240),
			lock.WithTableUnlockTimeout(500*time.Millisecond, 20),
		)
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithLocker(locker))
	}
	return goose.NewProvider(dialect, db.DB, sub, opts...)
}

// Migrate applies every pending migration and returns how many it applied.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) (int, error) {
	p, err := db.provider(log)
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}

// MigrationStatus lists each migration with whether it has been applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]string, error) {
	p, err := db.provider(nil)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(st))
	for i, s := range st {
		out[i] = fmt.Sprintf("%05d %-40s %s", s.Source.Version, s.Source.Path, s.State)
	}
	return out, nil
}
