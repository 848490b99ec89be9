package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

const outboxCols = `id, msg_key, channel, kind, recipient_enc, recipient_mask, params_enc, ref_type, ref_id, status,
	attempts, next_at, lease_owner, uncertain, provider_id, error_code, last_error, created_at, first_try_at, sent_at, receipt_at`

func (db *DB) scanOutbox(s scanner) (*notify.Message, error) {
	var m notify.Message
	var recEnc, paramsEnc string
	var firstTry, sent, receipt sql.NullTime
	if err := s.Scan(&m.ID, &m.Key, &m.Channel, &m.Kind, &recEnc, &m.RecipientMask, &paramsEnc, &m.RefType, &m.RefID,
		&m.Status, &m.Attempts, &m.NextAt, &m.PrevOwner, &m.Uncertain, &m.ProviderID, &m.ErrorCode, &m.LastError,
		&m.CreatedAt, &firstTry, &sent, &receipt); err != nil {
		return nil, err
	}
	var err error
	if m.Recipient, err = db.PII.Decrypt("outbox.recipient", recEnc); err != nil {
		return nil, err
	}
	params, err := db.PII.Decrypt("outbox.params", paramsEnc)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(params), &m.Params); err != nil {
		return nil, fmt.Errorf("outbox %d params: %w", m.ID, err)
	}
	m.NextAt, m.CreatedAt = m.NextAt.UTC(), m.CreatedAt.UTC()
	m.FirstTryAt, m.SentAt, m.ReceiptAt = nullTime(firstTry), nullTime(sent), nullTime(receipt)
	return &m, nil
}

// Enqueue records messages in a transaction of their own.
func (db *DB) Enqueue(ctx context.Context, msgs ...*notify.Message) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return db.insertOutbox(ctx, tx, msgs) })
}

// insertOutbox records msgs inside tx, the business change's transaction. A message whose key
// exists already is skipped (its ID stays 0).
func (db *DB) insertOutbox(ctx context.Context, tx *sql.Tx, msgs []*notify.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	now := db.Now()
	onConflict := " ON CONFLICT(msg_key) DO NOTHING"
	if db.Dialect == MySQL {
		onConflict = " ON DUPLICATE KEY UPDATE id = id"
	}
	for _, m := range msgs {
		if m.Key == "" || m.Channel == "" || m.Kind == "" || m.Recipient == "" {
			return fmt.Errorf("outbox message incomplete: key %q channel %q kind %q", m.Key, m.Channel, m.Kind)
		}
		rec, err := db.PII.Encrypt("outbox.recipient", m.Recipient)
		if err != nil {
			return err
		}
		pj, _ := json.Marshal(m.Params)
		params, err := db.PII.Encrypt("outbox.params", string(pj))
		if err != nil {
			return err
		}
		next := m.NextAt
		if next.IsZero() {
			next = now
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (msg_key, channel, kind, recipient_enc, recipient_mask, params_enc,
			ref_type, ref_id, status, next_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`+onConflict,
			m.Key, m.Channel, m.Kind, rec, m.RecipientMask, params, m.RefType, m.RefID, notify.StatusPending, next.UTC(), now, now)
		if err != nil {
			return fmt.Errorf("insert outbox %s: %w", m.Kind, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			m.ID, _ = res.LastInsertId()
			m.Status, m.CreatedAt = notify.StatusPending, now
		}
	}
	return nil
}

// cancelOutbox withdraws pending messages about a business object (e.g. the reminders of a
// cancelled booking) inside the transaction that changes it.
func (db *DB) cancelOutbox(ctx context.Context, tx *sql.Tx, refType, refID string, kinds ...string) error {
	q := `UPDATE outbox SET status = ?, updated_at = ? WHERE ref_type = ? AND ref_id = ? AND status = ?`
	args := []any{notify.StatusCancelled, db.Now(), refType, refID, notify.StatusPending}
	if len(kinds) > 0 {
		q += ` AND kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// ClaimOutbox takes due messages. On MySQL/MariaDB rows locked by another dispatcher are
// skipped (FOR UPDATE SKIP LOCKED), so dispatchers never wait on each other; on SQLite the
// transaction holds the database's write lock. The claim moves next_at to the lease's end:
// a dispatcher that dies leaves the message due again then.
func (db *DB) ClaimOutbox(ctx context.Context, owner string, now, leaseUntil time.Time, limit int) ([]*notify.Message, error) {
	var out []*notify.Message
	err := db.TxReadCommitted(ctx, func(tx *sql.Tx) error {
		q := `SELECT ` + outboxCols + ` FROM outbox WHERE status = ? AND next_at <= ? ORDER BY next_at LIMIT ?`
		if db.Dialect == MySQL {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		var err error
		if out, err = queryAll(ctx, tx, db.scanOutbox, q, notify.StatusPending, now.UTC(), limit); err != nil {
			return fmt.Errorf("claim outbox: %w", err)
		}
		if len(out) == 0 {
			return nil
		}
		ids := make([]any, 0, len(out)+4)
		ids = append(ids, owner, leaseUntil.UTC(), now.UTC(), now.UTC())
		for _, m := range out {
			ids = append(ids, m.ID)
		}
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET lease_owner = ?, next_at = ?, first_try_at = COALESCE(first_try_at, ?),
			updated_at = ? WHERE id IN (?`+strings.Repeat(", ?", len(out)-1)+`)`, ids...)
		return err
	})
	return out, err
}

func (db *DB) markOutbox(ctx context.Context, id int64, owner, set string, args ...any) (bool, error) {
	args = append(args, id, owner, notify.StatusPending)
	res, err := db.execRetry(ctx, `UPDATE outbox SET `+set+`, lease_owner = '' WHERE id = ? AND lease_owner = ? AND status = ?`, args...)
	if err != nil {
		return false, fmt.Errorf("mark outbox %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkSent records sent messages in one statement (one round trip, one commit for a round's
// messages), each with its provider id; those whose claim owner lost are left alone.
func (db *DB) MarkSent(ctx context.Context, owner string, sent []notify.Sent, at time.Time) (int, error) {
	if len(sent) == 0 {
		return 0, nil
	}
	args := make([]any, 0, 5*len(sent)+5)
	var q strings.Builder
	q.WriteString(`UPDATE outbox SET status = ?, provider_id = CASE id`)
	args = append(args, notify.StatusSent)
	for _, s := range sent {
		q.WriteString(` WHEN ? THEN ?`)
		args = append(args, s.ID, s.ProviderID)
	}
	// Each at its own time: the receipt lookup asks for the Beijing day it was sent.
	q.WriteString(` END, sent_at = CASE id`)
	for _, s := range sent {
		q.WriteString(` WHEN ? THEN ?`)
		args = append(args, s.ID, s.At.UTC())
	}
	q.WriteString(` END, updated_at = ?, attempts = attempts + 1, error_code = '', last_error = '', lease_owner = ''
		WHERE id IN (?` + strings.Repeat(", ?", len(sent)-1) + `) AND lease_owner = ? AND status = ?`)
	args = append(args, at.UTC())
	for _, s := range sent {
		args = append(args, s.ID)
	}
	args = append(args, owner, notify.StatusPending)
	res, err := db.execRetry(ctx, q.String(), args...)
	if err != nil {
		return 0, fmt.Errorf("mark %d outbox messages sent: %w", len(sent), err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

func (db *DB) MarkRetry(ctx context.Context, id int64, owner, code, msg string, uncertain bool, next, at time.Time) (bool, error) {
	return db.markOutbox(ctx, id, owner, `attempts = attempts + 1, error_code = ?, last_error = ?, uncertain = ?, next_at = ?, updated_at = ?`,
		truncate(code, 64), truncate(service.RedactText(msg), 512), uncertain, next.UTC(), at.UTC())
}

func (db *DB) MarkFailed(ctx context.Context, id int64, owner, code, msg string, at time.Time) (bool, error) {
	return db.markOutbox(ctx, id, owner, `status = ?, attempts = attempts + 1, error_code = ?, last_error = ?, updated_at = ?`,
		notify.StatusFailed, truncate(code, 64), truncate(service.RedactText(msg), 512), at.UTC())
}

// ReleaseOutbox gives a claim back untried. uncertain keeps what the claim knew: an earlier
// claim never reported back (or timed out), so whoever sends next asks the provider first —
// clearing lease_owner alone would forget it.
func (db *DB) ReleaseOutbox(ctx context.Context, id int64, owner string, uncertain bool, at time.Time) (bool, error) {
	return db.markOutbox(ctx, id, owner, `uncertain = (uncertain OR ?), next_at = ?, updated_at = ?`, uncertain, at.UTC(), at.UTC())
}

func (db *DB) AwaitingReceipt(ctx context.Context, channel string, since, checkedBefore time.Time, limit int) ([]*notify.Message, error) {
	out, err := queryAll(ctx, db, db.scanOutbox, `SELECT `+outboxCols+` FROM outbox WHERE channel = ? AND status = ? AND sent_at >= ?
		AND (receipt_checked_at IS NULL OR receipt_checked_at < ?) ORDER BY sent_at LIMIT ?`,
		channel, notify.StatusSent, since.UTC(), checkedBefore.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("awaiting receipt: %w", err)
	}
	return out, nil
}

func (db *DB) MarkReceipt(ctx context.Context, id int64, status, code string, at time.Time) error {
	var err error
	if status == "" {
		_, err = db.ExecContext(ctx, `UPDATE outbox SET receipt_checked_at = ? WHERE id = ?`, at.UTC(), id)
	} else {
		_, err = db.ExecContext(ctx, `UPDATE outbox SET status = ?, error_code = ?, receipt_at = ?, receipt_checked_at = ?,
			updated_at = ? WHERE id = ? AND status = ?`, status, truncate(code, 64), at.UTC(), at.UTC(), at.UTC(), id, notify.StatusSent)
	}
	if err != nil {
		return fmt.Errorf("mark receipt %d: %w", id, err)
	}
	return nil
}

func (db *DB) ListOutbox(ctx context.Context, f notify.Filter) ([]*notify.Message, error) {
	var c conds
	c.add(f.Status != "", "status = ?", f.Status)
	c.add(f.Kind != "", "kind = ?", f.Kind)
	c.add(f.RefType != "", "ref_type = ?", f.RefType)
	c.add(f.RefID != "", "ref_id = ?", f.RefID)
	c.add(f.BeforeID > 0, "id < ?", f.BeforeID)
	q, args := c.query(`SELECT `+outboxCols+` FROM outbox`, `ORDER BY id DESC LIMIT ?`, f.Limit)
	out, err := queryAll(ctx, db, db.scanOutbox, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list outbox: %w", err)
	}
	return out, nil
}

// Outbox is notify.Store on the database.
type Outbox struct{ *DB }

var _ notify.Store = Outbox{}

func (s Outbox) InTx(ctx context.Context, fn func(tx notify.Tx) error) error {
	return s.inTx(ctx, func(t txn) error { return fn(outboxTx{t}) })
}

type outboxTx struct{ txn }

func (t outboxTx) Requeue(id int64, at time.Time) (bool, error) {
	n, err := t.affected(`UPDATE outbox SET status = ?, attempts = 0, next_at = ?, lease_owner = '', updated_at = ?
		WHERE id = ? AND status = ?`, notify.StatusPending, at.UTC(), at.UTC(), id, notify.StatusFailed)
	return n == 1, err
}
