package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/staff"
)

var _ staff.Store = Staff{}

const userCols = `id, username, display_name, roles, office, department, password_hash, must_change_password,
	disabled, auth_version, created_at, updated_at`

func scanUser(s scanner) (*service.User, error) {
	var u service.User
	var roles string
	if err := s.Scan(&u.ID, &u.Username, &u.DisplayName, &roles, &u.Office, &u.Department, &u.PasswordHash,
		&u.MustChangePassword, &u.Disabled, &u.AuthVersion, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return nil, err
	}
	for _, r := range strings.Split(roles, ",") {
		if r != "" {
			u.Roles = append(u.Roles, service.Role(r))
		}
	}
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// Staff is staff.Store on the database.
type Staff struct{ *DB }

func (s Staff) InTx(ctx context.Context, fn func(tx staff.Tx) error) error {
	return s.inTx(ctx, func(t txn) error { return fn(staffTx{t}) })
}

type staffTx struct{ txn }

func (t staffTx) InsertUser(u *service.User) error {
	res, err := t.exec(`INSERT INTO staff_users (username, display_name, roles, office, department,
		password_hash, must_change_password, disabled, auth_version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Username, u.DisplayName, u.RoleList(), u.Office, u.Department, u.PasswordHash, u.MustChangePassword,
		u.Disabled, u.AuthVersion, u.CreatedAt.UTC(), u.UpdatedAt.UTC())
	if isDuplicate(err) {
		return fmt.Errorf("user %s: %w", u.Username, service.ErrDuplicate)
	} else if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	u.ID, err = res.LastInsertId()
	return err
}

func (t staffTx) UpdateUser(u *service.User) error {
	n, err := t.affected(`UPDATE staff_users SET display_name = ?, roles = ?, office = ?, department = ?,
		password_hash = ?, must_change_password = ?, disabled = ?, auth_version = auth_version + 1, updated_at = ?
		WHERE id = ? AND auth_version = ?`,
		u.DisplayName, u.RoleList(), u.Office, u.Department, u.PasswordHash, u.MustChangePassword, u.Disabled,
		u.UpdatedAt.UTC(), u.ID, u.AuthVersion)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("user %d: %w", u.ID, service.ErrStale)
	}
	u.AuthVersion++
	return nil
}

func (db *DB) UserByID(ctx context.Context, id int64) (*service.User, error) {
	u, err := scanUser(db.QueryRowContext(ctx, `SELECT `+userCols+` FROM staff_users WHERE id = ?`, id))
	return u, notFound(err, "user by id")
}

func (db *DB) UserByUsername(ctx context.Context, username string) (*service.User, error) {
	u, err := scanUser(db.QueryRowContext(ctx, `SELECT `+userCols+` FROM staff_users WHERE username = ?`, username))
	return u, notFound(err, "user by username")
}

func (db *DB) ListUsers(ctx context.Context) ([]*service.User, error) {
	out, err := queryAll(ctx, db, scanUser, `SELECT `+userCols+` FROM staff_users ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_users`).Scan(&n)
	return n, err
}

// AppendAudit writes an audit entry on its own, for events that change no other state (a failed
// login, a logout, a reveal of personal data).
func (db *DB) AppendAudit(ctx context.Context, e service.AuditEntry) error {
	return appendAudit(ctx, db, e)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// appendAudit inserts e through ex, a transaction when the entry records a change.
func appendAudit(ctx context.Context, ex execer, e service.AuditEntry) error {
	if e.Outcome == "" {
		e.Outcome = "ok"
	}
	_, err := ex.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor, action, target_type, target_id, ip,
		outcome, detail, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At.UTC(), e.ActorID, truncate(e.Actor, 64), e.Action, e.TargetType, truncate(e.TargetID, 64), truncate(e.IP, 64),
		e.Outcome, service.RedactText(e.Detail), truncate(e.RequestID, 64))
	if err != nil {
		return fmt.Errorf("append audit %s: %w", e.Action, err)
	}
	return nil
}

func (db *DB) ListAudit(ctx context.Context, f service.AuditFilter) ([]service.AuditEntry, error) {
	var c conds
	c.add(f.ActorID != 0, "actor_id = ?", f.ActorID)
	c.add(f.Action != "", "action = ?", f.Action)
	c.add(f.TargetType != "", "target_type = ?", f.TargetType)
	c.add(f.TargetID != "", "target_id = ?", f.TargetID)
	c.add(!f.Since.IsZero(), "at >= ?", f.Since.UTC())
	c.add(!f.Until.IsZero(), "at < ?", f.Until.UTC())
	c.add(f.BeforeID > 0, "id < ?", f.BeforeID)
	q, args := c.query(`SELECT id, at, actor_id, actor, action, target_type, target_id, ip, outcome, detail, request_id FROM audit_log`,
		`ORDER BY id DESC LIMIT ?`, f.Limit)
	out, err := queryAll(ctx, db, func(s scanner) (service.AuditEntry, error) {
		var e service.AuditEntry
		err := s.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.TargetType, &e.TargetID, &e.IP, &e.Outcome, &e.Detail, &e.RequestID)
		e.At = e.At.UTC()
		return e, err
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	return out, nil
}

// truncate keeps at most n characters: VARCHAR(n) counts characters, not bytes.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
