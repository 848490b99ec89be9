package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
)

// Cases is cases.Store on the database: the reads of *DB and units of work of casesTx.
type Cases struct{ *DB }

var (
	_ cases.Store = Cases{}
	_ cases.Tx    = casesTx{}
)

func (s Cases) InTx(ctx context.Context, fn func(tx cases.Tx) error) error {
	return s.inTx(ctx, func(t txn) error { return fn(casesTx{t}) })
}

type casesTx struct{ txn }

func (t casesTx) LockCase(id int64) (*cases.Case, error) {
	c, err := t.db.scanCase(t.tx.QueryRowContext(t.ctx, `SELECT `+caseCols+` FROM cases WHERE id = ?`+t.db.forUpdate(), id))
	return c, notFound(err, "case")
}

func (t casesTx) InsertCase(c *cases.Case) error { return t.db.insertCase(t.ctx, t.tx, c) }

func (t casesTx) UpdateCase(c *cases.Case, prevVersion int64) error {
	var texts [3]string
	for i, f := range []struct{ column, value string }{{"cases.reply", c.ReplyText}, {"cases.review", c.ReviewText}, {"cases.recheck", c.RecheckText}} {
		var err error
		if texts[i], err = t.db.PII.Encrypt(f.column, f.value); err != nil {
			return err
		}
	}
	n, err := t.affected(`UPDATE cases SET status = ?, purpose = ?, category = ?, office = ?, owner = ?, fast_track = ?,
		non_petition = ?, screen_kind = ?, screen_guidance = ?, screen_why = ?, screen_confirmed = ?, repeat_alert = ?, no_reaccept = ?, replied_at = ?,
		reply_outcome = ?, final_review_at = ?, items = ?, last_received_at = ?, unit = ?, unit_mode = ?, decided_at = ?, accepted_at = ?,
		decision_reason = ?, decision_guidance = ?, reply_tag = ?, reply_enc = ?, extension_days = ?, extension_state = ?,
		extension_reason = ?, review_requested_at = ?, reviewed_at = ?, review_outcome = ?, review_enc = ?, recheck_requested_at = ?,
		recheck_outcome = ?, recheck_enc = ?, closed_at = ?, satisfaction = ?, rated_at = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`,
		c.Status, c.Purpose, c.Category, c.Office, c.Owner, c.FastTrack, c.NonPetition, c.ScreenKind, truncate(c.ScreenGuidance, 255),
		truncate(c.ScreenWhy, 500), c.ScreenConfirmed, c.RepeatAlert, c.NoReaccept, timeOrNull(c.RepliedAt), c.ReplyOutcome, timeOrNull(c.FinalReviewAt), c.Items,
		c.LastReceivedAt.UTC(), truncate(c.Unit, 64), c.UnitMode, timeOrNull(c.DecidedAt), timeOrNull(c.AcceptedAt),
		truncate(c.DecisionReason, 255), truncate(c.DecisionGuidance, 255), c.ReplyTag, texts[0], c.ExtensionDays, c.ExtensionState,
		truncate(c.ExtensionReason, 255), timeOrNull(c.ReviewRequestedAt), timeOrNull(c.ReviewedAt), c.ReviewOutcome, texts[1],
		timeOrNull(c.RecheckRequestedAt), c.RecheckOutcome, texts[2], timeOrNull(c.ClosedAt), c.Satisfaction, timeOrNull(c.RatedAt),
		t.db.Now(), c.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update case %d: %w", c.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("case %d: %w", c.ID, service.ErrStale)
	}
	c.Version = prevVersion + 1
	return nil
}

func (t casesTx) InsertItem(it *cases.Item) error { return t.db.insertItem(t.ctx, t.tx, it) }

func (t casesTx) LockItem(id int64) (*cases.Item, error) {
	it, err := t.db.scanItem(t.tx.QueryRowContext(t.ctx, `SELECT `+itemCols+` FROM case_items WHERE id = ?`+t.db.forUpdate(), id))
	return it, notFound(err, "item")
}

func (t casesTx) InsertKeys(itemID, caseID int64, receivedAt time.Time, keys []int64) error {
	return t.db.insertKeys(t.ctx, t.tx, itemID, caseID, receivedAt, keys)
}

func (t casesTx) ReindexItem(itemID int64, receivedAt time.Time, features []byte, keys []int64) error {
	var caseID int64
	if err := t.tx.QueryRowContext(t.ctx, `SELECT case_id FROM case_items WHERE id = ?`+t.db.forUpdate(), itemID).Scan(&caseID); err != nil {
		return notFound(err, "item")
	}
	if _, err := t.exec(`UPDATE case_items SET features = ? WHERE id = ?`, features, itemID); err != nil {
		return err
	}
	if _, err := t.exec(`DELETE FROM case_keys WHERE item_id = ?`, itemID); err != nil {
		return err
	}
	return t.db.insertKeys(t.ctx, t.tx, itemID, caseID, receivedAt, keys)
}

func (t casesTx) MoveItems(from, to int64) ([]int64, error) {
	ids, err := queryAll(t.ctx, t.tx, scanInt64, `SELECT id FROM case_items WHERE case_id = ?`+t.db.forUpdate(), from)
	if err != nil {
		return nil, err
	}
	for _, q := range []string{`UPDATE case_items SET case_id = ? WHERE case_id = ?`, `UPDATE case_keys SET case_id = ? WHERE case_id = ?`} {
		if _, err := t.exec(q, to, from); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func (t casesTx) MoveItem(itemID, from, to int64) error {
	if _, err := t.exec(`UPDATE case_items SET case_id = ? WHERE id = ?`, to, itemID); err != nil {
		return err
	}
	_, err := t.exec(`UPDATE case_keys SET case_id = ? WHERE case_id = ? AND item_id = ?`, to, from, itemID)
	return err
}

func (t casesTx) InsertMerge(m *cases.Merge) error {
	res, err := t.exec(`INSERT INTO case_merges (case_id, item_id, from_case_id, reasons, person_score, matter_score, actor, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, m.CaseID, m.ItemID, m.FromCaseID, strings.Join(m.Reasons, "；"), m.Person, m.Matter, m.Actor, m.At.UTC())
	if err != nil {
		return err
	}
	m.ID, err = res.LastInsertId()
	return err
}

func (t casesTx) LockMerge(id int64) (*cases.Merge, error) {
	m, err := scanMerge(t.tx.QueryRowContext(t.ctx, `SELECT `+mergeCols+` FROM case_merges WHERE id = ?`+t.db.forUpdate(), id))
	return m, notFound(err, "merge")
}

func (t casesTx) UndoMerge(id int64, at time.Time, by string) error {
	_, err := t.exec(`UPDATE case_merges SET undone_at = ?, undone_by = ? WHERE id = ?`, at.UTC(), by, id)
	return err
}

func (t casesTx) InsertReview(r *cases.DedupReview) error {
	res, err := t.exec(`INSERT INTO dedup_reviews (item_id, case_id, candidate_case_id, reasons, person_score, matter_score, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ItemID, r.CaseID, r.CandidateCaseID, strings.Join(r.Reasons, "；"), r.Person, r.Matter, r.Status,
		r.CreatedAt.UTC())
	if err != nil {
		return err
	}
	r.ID, err = res.LastInsertId()
	return err
}

func (t casesTx) LockReview(id int64) (*cases.DedupReview, error) {
	r, err := scanReview(t.tx.QueryRowContext(t.ctx, `SELECT `+reviewCols+` FROM dedup_reviews WHERE id = ?`+t.db.forUpdate(), id))
	return r, notFound(err, "review")
}

func (t casesTx) DecideReview(id int64, status, by string, at time.Time) error {
	_, err := t.exec(`UPDATE dedup_reviews SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?`, status, by, at.UTC(), id)
	return err
}

func (t casesTx) Link(c *cases.Case, links []cases.LinkCandidate) error {
	return t.db.link(t.ctx, t.tx, c, links)
}

func (t casesTx) InsertRoute(caseID int64, office, owner, reason, actor string) error {
	_, err := t.exec(`INSERT INTO case_routes (case_id, office, owner, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)`,
		caseID, office, owner, truncate(reason, 255), actor, t.db.Now())
	return err
}

func (t casesTx) InsertAttachment(a *cases.Attachment) error {
	res, err := t.exec(`INSERT INTO case_attachments (item_id, case_id, filename, content_type, size, sha256, storage_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ItemID, a.CaseID, truncate(a.Filename, 255), a.ContentType, a.Size, a.SHA256, a.StorageKey,
		a.CreatedAt.UTC())
	if err != nil {
		return err
	}
	a.ID, err = res.LastInsertId()
	return err
}

func scanInt64(s scanner) (int64, error) {
	var n int64
	err := s.Scan(&n)
	return n, err
}
