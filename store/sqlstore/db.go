// Package sqlstore keeps the services' data in MySQL 8 / MariaDB 10.6+ or, as the embedded default,
// SQLite: the SQL of both dialects, the numbered migrations, and one store per domain.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store/pii"
)

// A connection the server dropped mid-query is the database being down, not a bad request.
func init() { service.RegisterTransient(mysql.ErrInvalidConn) }

// Dialect names the SQL flavour a DB speaks.
type Dialect string

const (
	MySQL  Dialect = "mysql"
	SQLite Dialect = "sqlite"
)

// DB is the database handle every store method hangs off.
type DB struct {
	*sql.DB
	Dialect Dialect
	// Now is the clock; tests inject their own.
	Now func() time.Time
	// PII encrypts phone and ID numbers and computes their blind indexes.
	PII *pii.Cipher

	stmtMu   sync.Mutex
	candStmt *sql.Stmt
}

// Options select and tune the database.
type Options struct {
	MySQLDSN        string // when set, MySQL/MariaDB; otherwise SQLite at SQLitePath
	SQLitePath      string
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	ConnMaxIdleTime time.Duration
}

// Open connects and checks the connection. It does not migrate.
func Open(ctx context.Context, o Options, pii *pii.Cipher, now func() time.Time) (*DB, error) {
	if now == nil {
		return nil, errors.New("store: a clock is required")
	}
	var (
		sqlDB   *sql.DB
		dialect Dialect
		err     error
	)
	if o.MySQLDSN != "" {
		dsn, err := MySQLDSN(o.MySQLDSN)
		if err != nil {
			return nil, err
		}
		sqlDB, err = sql.Open("mysql", dsn)
		if err != nil {
			return nil, fmt.Errorf("open mysql: %w", err)
		}
		dialect = MySQL
		sqlDB.SetMaxOpenConns(max(o.MaxOpenConns, 1))
		sqlDB.SetMaxIdleConns(o.MaxIdleConns)
		sqlDB.SetConnMaxLifetime(o.ConnMaxLifetime)
		sqlDB.SetConnMaxIdleTime(o.ConnMaxIdleTime)
	} else {
		if dir := filepath.Dir(o.SQLitePath); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create data dir: %w", err)
			}
		}
		sqlDB, err = sql.Open("sqlite", sqliteDSN(o.SQLitePath))
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		dialect = SQLite
		// SQLite has one writer at a time; BEGIN IMMEDIATE plus busy_timeout queue writers
		// instead of failing them. A few connections let readers proceed under WAL.
		sqlDB.SetMaxOpenConns(4)
		sqlDB.SetMaxIdleConns(4)
		sqlDB.SetConnMaxLifetime(0)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect %s: %w", dialect, err)
	}
	return &DB{DB: sqlDB, Dialect: dialect, Now: func() time.Time { return now().UTC().Truncate(time.Microsecond) }, PII: pii}, nil
}

func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// MySQLDSN completes a go-sql-driver DSN with the settings the store relies on: parseTime,
// loc=UTC, utf8mb4, and a UTC session time zone.
func MySQLDSN(dsn string) (string, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("XF_MYSQL_DSN is not a valid DSN: %w", err)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	cfg.Collation = "utf8mb4_unicode_ci"
	// Send each statement with its arguments in one round trip instead of prepare, execute and
	// close (safe with utf8mb4; the driver refuses it for the charsets where it is not).
	cfg.InterpolateParams = true
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	if cfg.ReadTimeout == 0 {
		cfg.ReadTimeout = 30 * time.Second
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = 30 * time.Second
	}
	return cfg.FormatDSN(), nil
}

// Tx runs fn in a transaction, committing when it returns nil. A MySQL deadlock or lock wait
// timeout (the loser of a race for the same rows) retries fn, up to six runs in all, after a
// growing, jittered pause so the contenders do not collide again in step.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.txWith(ctx, nil, fn)
}

// TxReadCommitted is Tx at READ COMMITTED on MySQL/MariaDB (SQLite has one isolation): a
// locking read then takes no gap locks, so a queue claim (SELECT … FOR UPDATE SKIP LOCKED)
// does not block — and deadlock with — the inserts of new messages behind it.
func (db *DB) TxReadCommitted(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.Dialect != MySQL {
		return db.txWith(ctx, nil, fn)
	}
	return db.txWith(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted}, fn)
}

// execRetry runs one autocommitted statement (its own transaction: one round trip), again
// after a deadlock or lock wait timeout — a single UPDATE can be the victim too, and its work
// is then undone.
func (db *DB) execRetry(ctx context.Context, q string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := db.retry(ctx, func() error {
		var err error
		res, err = db.ExecContext(ctx, q, args...)
		return err
	})
	return res, err
}

func (db *DB) txWith(ctx context.Context, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	return db.retry(ctx, func() error { return db.tx(ctx, opts, fn) })
}

// retry runs fn up to six times while it fails with a retryable error, pausing a little longer
// (with jitter) each time.
func (db *DB) retry(ctx context.Context, fn func() error) error {
	var err error
	for attempt := 0; attempt < 6; attempt++ {
		err = fn()
		if !retryable(err) {
			return err
		}
		pause := time.Duration(attempt+1) * 5 * time.Millisecond
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause/2 + time.Duration(rand.Int64N(int64(pause)))):
		}
	}
	return err
}

func (db *DB) tx(ctx context.Context, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// retryable: a deadlock or lock wait timeout, or service.ErrRetry (a race another transaction
// won; the next run sees its result).
func retryable(err error) bool {
	if errors.Is(err, service.ErrRetry) {
		return true
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1213 || me.Number == 1205
	}
	return false
}

// isDuplicate reports a unique-key violation.
func isDuplicate(err error) bool {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// forUpdate is the row-lock suffix of a SELECT inside a transaction. SQLite's BEGIN IMMEDIATE
// already holds the database's write lock, so it needs none.
func (db *DB) forUpdate() string {
	if db.Dialect == MySQL {
		return " FOR UPDATE"
	}
	return ""
}

// notFound turns sql.ErrNoRows into service.ErrNotFound.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, service.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Stats is exported for the readiness check and metrics.
func (db *DB) Ping(ctx context.Context) error { return db.DB.PingContext(ctx) }

type scanner interface{ Scan(dest ...any) error }

// nullTime converts a NULL-able time column.
func nullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// timeOrNull stores the zero time as NULL.
func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs query and collects every row scanned with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, func(s scanner) error {
		v, err := scan(s)
		out = append(out, v)
		return err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow runs query and calls fn with every row, for results that are folded as they are read
// (counts, exports) rather than collected.
func eachRow(ctx context.Context, q querier, fn func(scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return forRows(rows, fn)
}

// forRows calls fn with every row of rows and closes them: the one loop over rows the store has.
func forRows(rows *sql.Rows, fn func(scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// deref adapts a scan function that returns a pointer to one that returns a value.
func deref[T any](scan func(scanner) (*T, error)) func(scanner) (T, error) {
	return func(s scanner) (T, error) {
		p, err := scan(s)
		if err != nil {
			var zero T
			return zero, err
		}
		return *p, nil
	}
}

// conds are the conditions of a filtered list: only the filters that are set become a
// condition.
type conds struct {
	where []string
	args  []any
}

// add adds cond with its argument when set.
func (c *conds) add(set bool, cond string, arg any) {
	if set {
		c.where, c.args = append(c.where, cond), append(c.args, arg)
	}
}

// query is the statement head, then " WHERE …" when there are conditions, then tail; args are
// the conditions' and then more.
func (c *conds) query(head, tail string, more ...any) (string, []any) {
	q := head
	if len(c.where) > 0 {
		q += " WHERE " + strings.Join(c.where, " AND ")
	}
	return q + " " + tail, append(c.args, more...)
}
