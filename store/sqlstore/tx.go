package sqlstore

import (
	"context"
	"database/sql"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/notify"
)

// txn is what every domain's unit of work shares: the transaction, the context it runs in, and
// the outbox and audit log that record a change beside it.
type txn struct {
	ctx context.Context
	tx  *sql.Tx
	db  *DB
}

func (t txn) AppendOutbox(msgs ...*notify.Message) error { return t.db.insertOutbox(t.ctx, t.tx, msgs) }

func (t txn) CancelOutbox(refType, refID string, kinds ...string) error {
	return t.db.cancelOutbox(t.ctx, t.tx, refType, refID, kinds...)
}

func (t txn) AppendAudit(e service.AuditEntry) error { return appendAudit(t.ctx, t.tx, e) }

// exec runs a statement in the transaction.
func (t txn) exec(q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(t.ctx, q, args...)
}

// affected runs a statement and reports how many rows it changed.
func (t txn) affected(q string, args ...any) (int64, error) {
	res, err := t.exec(q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// inTx runs fn in a transaction of db with the shared parts of a unit of work.
func (db *DB) inTx(ctx context.Context, fn func(t txn) error) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return fn(txn{ctx: ctx, tx: tx, db: db}) })
}

// CasesTxOf is the registration platform's view of a booking's unit of work, so a visit is
// registered in the same transaction as the booking it came from. tx must be one this store
// handed out.
func CasesTxOf(tx booking.Tx) cases.Tx {
	return casesTx{tx.(bookingTx).txn}
}
