package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
)

var _ booking.CaseLookup = (*DB)(nil)

// nextCounter increments a named counter inside tx and returns the new value.
func (db *DB) nextCounter(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	q := `INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1`
	if db.Dialect == MySQL {
		q = `INSERT INTO counters (name, value) VALUES (?, 1) ON DUPLICATE KEY UPDATE value = value + 1`
	}
	if _, err := tx.ExecContext(ctx, q, name); err != nil {
		return 0, fmt.Errorf("counter %s: %w", name, err)
	}
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = ?`, name).Scan(&n)
	return n, err
}

const caseCols = `id, case_no, query_code, status, version, purpose, category, district, street, department, office, owner,
	fast_track, non_petition, screen_kind, screen_guidance, screen_why, screen_confirmed, repeat_alert, no_reaccept, group_id, name, phone_enc,
	phone_idx, id_enc, id_idx, summary_enc, channel, items, received_at, last_received_at, replied_at, reply_outcome, final_review_at,
	created_at, updated_at, unit, unit_mode, decided_at, accepted_at, decision_reason, decision_guidance, reply_tag, reply_enc,
	extension_days, extension_state, extension_reason, review_requested_at, reviewed_at, review_outcome, review_enc,
	recheck_requested_at, recheck_outcome, recheck_enc, closed_at, satisfaction, rated_at, openid_enc, openid_kind, booking_code`

func (db *DB) scanCase(s scanner) (*cases.Case, error) { return db.scanCaseWith(s) }

// prefixed is a column list with each column qualified by table alias a.
func prefixed(a, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = a + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// scanCaseWith scans caseCols after the columns pre receive (a query that selects more first).
func (db *DB) scanCaseWith(s scanner, pre ...any) (*cases.Case, error) {
	var c cases.Case
	var group sql.NullInt64
	var phone, idn, summary string
	var replied, final, decided, accepted, reviewReq, reviewed, recheckReq, closed, rated sql.NullTime
	var reply, review, recheck sql.NullString
	var openID string
	if err := s.Scan(append(pre, &c.ID, &c.CaseNo, &c.QueryCode, &c.Status, &c.Version, &c.Purpose, &c.Category, &c.District, &c.Street,
		&c.Department, &c.Office, &c.Owner, &c.FastTrack, &c.NonPetition, &c.ScreenKind, &c.ScreenGuidance, &c.ScreenWhy, &c.ScreenConfirmed,
		&c.RepeatAlert, &c.NoReaccept, &group, &c.Name, &phone, &c.PhoneIdx, &idn, &c.IDIdx, &summary, &c.Channel, &c.Items,
		&c.ReceivedAt, &c.LastReceivedAt, &replied, &c.ReplyOutcome, &final, &c.CreatedAt, &c.UpdatedAt,
		&c.Unit, &c.UnitMode, &decided, &accepted, &c.DecisionReason, &c.DecisionGuidance, &c.ReplyTag, &reply,
		&c.ExtensionDays, &c.ExtensionState, &c.ExtensionReason, &reviewReq, &reviewed, &c.ReviewOutcome, &review,
		&recheckReq, &c.RecheckOutcome, &recheck, &closed, &c.Satisfaction, &rated, &openID, &c.OpenIDKind, &c.BookingCode)...); err != nil {
		return nil, err
	}
	var err error
	for _, f := range []struct {
		dst    *string
		column string
		value  string
	}{
		{&c.ReplyText, "cases.reply", reply.String}, {&c.ReviewText, "cases.review", review.String},
		{&c.RecheckText, "cases.recheck", recheck.String}, {&c.OpenID, "cases.openid", openID},
	} {
		if *f.dst, err = db.PII.Decrypt(f.column, f.value); err != nil {
			return nil, err
		}
	}
	c.DecidedAt, c.AcceptedAt, c.ReviewRequestedAt, c.ReviewedAt = nullTime(decided), nullTime(accepted), nullTime(reviewReq), nullTime(reviewed)
	c.RecheckRequestedAt, c.ClosedAt, c.RatedAt = nullTime(recheckReq), nullTime(closed), nullTime(rated)
	if c.Phone, err = db.PII.Decrypt("cases.phone", phone); err != nil {
		return nil, err
	}
	if c.IDNumber, err = db.PII.Decrypt("cases.id_number", idn); err != nil {
		return nil, err
	}
	if c.Summary, err = db.PII.Decrypt("cases.summary", summary); err != nil {
		return nil, err
	}
	c.GroupID = group.Int64
	c.RepliedAt, c.FinalReviewAt = nullTime(replied), nullTime(final)
	c.ReceivedAt, c.LastReceivedAt, c.CreatedAt, c.UpdatedAt = c.ReceivedAt.UTC(), c.LastReceivedAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

const itemCols = `id, case_id, external_id, channel, ems_no, received_at, name, phone_enc, phone_idx, id_enc, id_idx, openid_idx,
	district, street, department, content_enc, features, non_petition, created_at`

func (db *DB) scanItem(s scanner) (*cases.Item, error) {
	var it cases.Item
	var ext sql.NullString
	var phone, idn, content string
	if err := s.Scan(&it.ID, &it.CaseID, &ext, &it.Channel, &it.EMSNo, &it.ReceivedAt, &it.Name, &phone, &it.PhoneIdx, &idn, &it.IDIdx,
		&it.OpenIDIdx, &it.District, &it.Street, &it.Department, &content, &it.Features, &it.NonPetition, &it.CreatedAt); err != nil {
		return nil, err
	}
	var err error
	if it.Phone, err = db.PII.Decrypt("case_items.phone", phone); err != nil {
		return nil, err
	}
	if it.IDNumber, err = db.PII.Decrypt("case_items.id_number", idn); err != nil {
		return nil, err
	}
	if it.Content, err = db.PII.Decrypt("case_items.content", content); err != nil {
		return nil, err
	}
	it.ExternalID = ext.String
	it.ReceivedAt, it.CreatedAt = it.ReceivedAt.UTC(), it.CreatedAt.UTC()
	return &it, nil
}

func (db *DB) ItemByExternalID(ctx context.Context, externalID string) (*cases.Item, *cases.Case, error) {
	it, err := db.scanItem(db.QueryRowContext(ctx, `SELECT `+itemCols+` FROM case_items WHERE external_id = ?`, externalID))
	if err != nil {
		return nil, nil, notFound(err, "item by external id")
	}
	c, err := db.CaseByID(ctx, it.CaseID)
	return it, c, err
}

// candidateIDs returns the ids of the items sharing a key, the Cap most recent per key. MySQL
// gets one UNION ALL statement (one round trip); SQLite, in process, a prepared statement per key
// (no statement to parse each time).
func (db *DB) candidateIDs(ctx context.Context, keys []cases.CandidateKey) ([]any, error) {
	seenKey := map[int64]bool{}
	seen := map[int64]bool{}
	var ids []any
	collect := func(rows *sql.Rows) error {
		return forRows(rows, func(s scanner) error {
			id, err := scanInt64(s)
			if err == nil && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			return err
		})
	}
	if db.Dialect == SQLite {
		stmt, err := db.candidateStmt(ctx)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if seenKey[k.Value] {
				continue
			}
			seenKey[k.Value] = true
			rows, err := stmt.QueryContext(ctx, k.Value, max(k.Cap, 1))
			if err != nil {
				return nil, fmt.Errorf("candidate keys: %w", err)
			}
			if err := collect(rows); err != nil {
				return nil, err
			}
		}
		return ids, nil
	}
	parts := make([]string, 0, len(keys))
	args := make([]any, 0, len(keys)*2)
	for _, k := range keys {
		if seenKey[k.Value] {
			continue
		}
		seenKey[k.Value] = true
		parts = append(parts, `(SELECT item_id FROM case_keys WHERE k = ? ORDER BY received_at DESC LIMIT ?)`)
		args = append(args, k.Value, max(k.Cap, 1))
	}
	rows, err := db.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, fmt.Errorf("candidate keys: %w", err)
	}
	return ids, collect(rows)
}

func (db *DB) candidateStmt(ctx context.Context) (*sql.Stmt, error) {
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if db.candStmt == nil {
		stmt, err := db.PrepareContext(ctx, `SELECT item_id FROM case_keys WHERE k = ? ORDER BY received_at DESC LIMIT ?`)
		if err != nil {
			return nil, err
		}
		db.candStmt = stmt
	}
	return db.candStmt, nil
}

func (db *DB) ItemByID(ctx context.Context, id int64) (*cases.Item, error) {
	it, err := db.scanItem(db.QueryRowContext(ctx, `SELECT `+itemCols+` FROM case_items WHERE id = ?`, id))
	return it, notFound(err, "item")
}

func (db *DB) ItemsAfter(ctx context.Context, afterID int64, limit int) ([]*cases.Item, error) {
	items, err := queryAll(ctx, db, db.scanItem, `SELECT `+itemCols+` FROM case_items WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("items: %w", err)
	}
	return items, nil
}

// Candidates returns the items filed under any of keys in the order they were filed (by id):
// the matcher breaks its ties by the order of a case's items (match.CompareCase).
func (db *DB) Candidates(ctx context.Context, keys []cases.CandidateKey) ([]cases.CandidateItem, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids, err := db.candidateIDs(ctx, keys)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	out, err := queryAll(ctx, db, func(s scanner) (cases.CandidateItem, error) {
		var c cases.CandidateItem
		var replied, final sql.NullTime
		err := s.Scan(&c.ItemID, &c.CaseID, &c.PhoneIdx, &c.IDIdx, &c.OpenIDIdx, &c.Features, &c.CaseStatus, &replied, &final)
		c.CaseRepliedAt, c.CaseFinalAt = nullTime(replied), nullTime(final)
		return c, err
	}, `SELECT i.id, i.case_id, i.phone_idx, i.id_idx, i.openid_idx, i.features, c.status, c.replied_at,
		c.final_review_at FROM case_items i JOIN cases c ON c.id = i.case_id WHERE i.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY i.id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("candidate items: %w", err)
	}
	return out, nil
}

// sealCase encrypts a case's personal fields for storage.
func (db *DB) sealCase(c *cases.Case) (phone, idn, summary string, err error) {
	if phone, err = db.PII.Encrypt("cases.phone", c.Phone); err != nil {
		return
	}
	if idn, err = db.PII.Encrypt("cases.id_number", c.IDNumber); err != nil {
		return
	}
	summary, err = db.PII.Encrypt("cases.summary", c.Summary)
	return
}

// sealItem encrypts an item's personal fields for storage.
func (db *DB) sealItem(it *cases.Item) (phone, idn, content string, err error) {
	if phone, err = db.PII.Encrypt("case_items.phone", it.Phone); err != nil {
		return
	}
	if idn, err = db.PII.Encrypt("case_items.id_number", it.IDNumber); err != nil {
		return
	}
	content, err = db.PII.Encrypt("case_items.content", it.Content)
	return
}

// insertCase inserts c with a fresh case number; the query code is regenerated on a collision.
func (db *DB) insertCase(ctx context.Context, tx *sql.Tx, c *cases.Case) error {
	day := service.DateOf(db.Now())
	n, err := db.nextCounter(ctx, tx, "case:"+string(day))
	if err != nil {
		return err
	}
	c.CaseNo = fmt.Sprintf("XF%s%06d", strings.ReplaceAll(string(day), "-", ""), n)
	phone, idn, summary, err := db.sealCase(c)
	if err != nil {
		return err
	}
	openID, err := db.PII.Encrypt("cases.openid", c.OpenID)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		res, err := tx.ExecContext(ctx, `INSERT INTO cases (case_no, query_code, status, version, purpose, category, district, street,
			department, office, owner, fast_track, non_petition, screen_kind, screen_guidance, screen_why, screen_confirmed, repeat_alert,
			no_reaccept, name, phone_enc, phone_idx, id_enc, id_idx, summary_enc, channel, items, received_at, last_received_at, created_at,
			updated_at, openid_enc, openid_kind, booking_code)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.CaseNo, c.QueryCode, c.Status, c.Version, c.Purpose, c.Category, c.District, c.Street, truncate(c.Department, 64), c.Office,
			c.Owner, c.FastTrack, c.NonPetition, c.ScreenKind, truncate(c.ScreenGuidance, 255), truncate(c.ScreenWhy, 500), c.ScreenConfirmed,
			c.RepeatAlert, c.NoReaccept, truncate(c.Name, 64), phone, c.PhoneIdx, idn, c.IDIdx, summary, c.Channel, c.Items, c.ReceivedAt.UTC(), c.LastReceivedAt.UTC(),
			c.CreatedAt.UTC(), c.UpdatedAt.UTC(), openID, c.OpenIDKind, c.BookingCode)
		if isDuplicate(err) && attempt < 3 {
			c.QueryCode = cases.NewQueryCode()
			continue
		}
		if err != nil {
			return fmt.Errorf("insert case: %w", err)
		}
		c.ID, err = res.LastInsertId()
		return err
	}
}

func (db *DB) insertItem(ctx context.Context, tx *sql.Tx, it *cases.Item) error {
	phone, idn, content, err := db.sealItem(it)
	if err != nil {
		return err
	}
	var ext any
	if it.ExternalID != "" {
		ext = it.ExternalID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO case_items (case_id, external_id, channel, ems_no, received_at, name, phone_enc, phone_idx,
		id_enc, id_idx, openid_idx, district, street, department, content_enc, features, non_petition, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.CaseID, ext, it.Channel, it.EMSNo, it.ReceivedAt.UTC(), truncate(it.Name, 64), phone, it.PhoneIdx, idn, it.IDIdx, it.OpenIDIdx,
		it.District, truncate(it.Street, 32), truncate(it.Department, 64), content, it.Features, it.NonPetition, it.CreatedAt.UTC())
	if isDuplicate(err) {
		return fmt.Errorf("item %s: %w", it.ExternalID, service.ErrDuplicate)
	} else if err != nil {
		return fmt.Errorf("insert item: %w", err)
	}
	it.ID, err = res.LastInsertId()
	return err
}

func (db *DB) insertKeys(ctx context.Context, tx *sql.Tx, itemID, caseID int64, at time.Time, keys []int64) error {
	seen := map[int64]bool{}
	var vals []string
	var args []any
	for _, k := range keys {
		if k == 0 || seen[k] {
			continue
		}
		seen[k] = true
		vals = append(vals, "(?, ?, ?, ?)")
		args = append(args, k, itemID, caseID, at.UTC())
	}
	if len(vals) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO case_keys (k, item_id, case_id, received_at) VALUES `+strings.Join(vals, ", "), args...)
	return err
}

// link records group-petition links both ways and gives the group one id (its oldest case's).
// Linked cases already in groups bring their groups along: every member of each ends in the
// one group, not only the cases linked directly.
func (db *DB) link(ctx context.Context, tx *sql.Tx, c *cases.Case, links []cases.LinkCandidate) error {
	group := c.ID
	ids := []any{c.ID}
	var olds []any
	if c.GroupID != 0 {
		olds = append(olds, c.GroupID)
		group = min(group, c.GroupID)
	}
	for _, l := range links {
		var g sql.NullInt64
		// Locked (MySQL): a concurrent link must not merge this group away between the read
		// and the update below.
		if err := tx.QueryRowContext(ctx, `SELECT group_id FROM cases WHERE id = ?`+db.forUpdate(), l.CaseID).Scan(&g); err != nil {
			return err
		}
		if g.Valid {
			olds = append(olds, g.Int64)
			group = min(group, g.Int64)
		}
		if l.CaseID < group {
			group = l.CaseID
		}
		ids = append(ids, l.CaseID)
		ignore := " ON CONFLICT(case_id, other_case_id) DO NOTHING"
		if db.Dialect == MySQL {
			ignore = " ON DUPLICATE KEY UPDATE kind = kind"
		}
		for _, pair := range [][2]int64{{c.ID, l.CaseID}, {l.CaseID, c.ID}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_links (case_id, other_case_id, kind, reasons, created_at) VALUES (?, ?, 'group', ?, ?)`+ignore,
				pair[0], pair[1], l.Reasons, db.Now()); err != nil {
				return err
			}
		}
	}
	q := `UPDATE cases SET group_id = ? WHERE id IN (?` + strings.Repeat(", ?", len(ids)-1) + `)`
	if len(olds) > 0 {
		q += ` OR group_id IN (?` + strings.Repeat(", ?", len(olds)-1) + `)`
	}
	args := append(append([]any{group}, ids...), olds...)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	c.GroupID = group
	return nil
}

func (db *DB) CaseByID(ctx context.Context, id int64) (*cases.Case, error) {
	c, err := db.scanCase(db.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = ?`, id))
	return c, notFound(err, "case")
}

func (db *DB) CaseByNo(ctx context.Context, caseNo string) (*cases.Case, error) {
	c, err := db.scanCase(db.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE case_no = ?`, caseNo))
	return c, notFound(err, "case")
}

// caseNoRE is a case number as a search: XF20261201000123 (or a bulk-loaded XB…).
var caseNoRE = regexp.MustCompile(`^X[FB]\d{12,14}$`)

func (db *DB) ListCases(ctx context.Context, f cases.Filter) ([]*cases.Case, error) {
	var c conds
	c.add(f.Status != "", "status = ?", f.Status)
	c.add(f.Status == "", "status <> ?", cases.StatusMerged)
	c.add(f.Office != "", "office = ?", f.Office)
	c.add(f.Owner != "", "owner = ?", f.Owner)
	c.add(f.Category != "", "category = ?", f.Category)
	c.add(f.District != "", "district = ?", f.District)
	c.add(f.Channel != "", "channel = ?", f.Channel)
	c.add(f.NonPetition != nil, "non_petition = ?", f.NonPetition != nil && *f.NonPetition)
	c.add(f.RepeatAlert, "repeat_alert = ?", true)
	c.add(f.ExtensionRequested, "extension_state = ?", "requested")
	if f.ScreenPending {
		c.where = append(c.where, "(screen_kind <> '' OR screen_why <> '' OR non_petition = ?) AND screen_confirmed = ?")
		c.args = append(c.args, true, false)
	}
	c.add(f.From != "", "received_at >= ?", f.From.At("00:00").UTC())
	c.add(f.To != "", "received_at < ?", f.To.AddDays(1).At("00:00").UTC())
	switch f.Risk {
	case "overdue":
		c.add(true, "id IN (SELECT case_id FROM case_deadlines WHERE state = 'open' AND due_date < ?)", string(f.Today))
	case "due_soon":
		c.where = append(c.where, "id IN (SELECT case_id FROM case_deadlines WHERE state = 'open' AND due_date >= ? AND due_date <= ?)")
		c.args = append(c.args, string(f.Today), string(f.SoonUntil))
	}
	switch {
	case f.Query != "" && caseNoRE.MatchString(strings.ToUpper(f.Query)):
		c.add(true, "case_no = ?", strings.ToUpper(f.Query))
	case f.Query != "" && len(f.Keys) > 0:
		// Through the duplicate index (no OR with the case number: it would scan every case).
		keys := make([]any, len(f.Keys))
		for i, k := range f.Keys {
			keys[i] = k
		}
		c.where = append(c.where, "id IN (SELECT case_id FROM case_keys WHERE k IN (?"+strings.Repeat(", ?", len(keys)-1)+"))")
		c.args = append(c.args, keys...)
	case f.Query != "":
		c.where = append(c.where, "1 = 0") // nothing to search by
	}
	// The order: by registration (id), or by receipt when a receipt range is set — read
	// backwards along the receipt index, a month's first page costs a page, not a sort of the
	// month.
	order, uorder := "id DESC", "c.id DESC"
	if f.ByReceipt() {
		order, uorder = "received_at DESC, id DESC", "c.received_at DESC, c.id DESC"
		if f.BeforeID > 0 && !f.BeforeAt.IsZero() {
			c.where = append(c.where, "(received_at < ? OR (received_at = ? AND id < ?))")
			c.args = append(c.args, f.BeforeAt.UTC(), f.BeforeAt.UTC(), f.BeforeID)
		}
	} else {
		c.add(f.BeforeID > 0, "id < ?", f.BeforeID)
	}
	var q string
	var args []any
	if f.MineOffice != "" || f.MineOwner != "" {
		// A handler's cases: their office's and their own, each branch an ordered index read
		// (an OR of the two would sort every case of the office).
		branch := func(scope string, v any) (string, []any) {
			where := append([]string{scope}, c.where...)
			return `SELECT id FROM (SELECT id FROM cases WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ?) b`,
				append(append([]any{v}, c.args...), f.Limit)
		}
		qa, aa := branch("office = ?", f.MineOffice)
		qb, ab := branch("owner = ?", f.MineOwner)
		q = `SELECT ` + prefixed("c", caseCols) + ` FROM (` + qa + ` UNION ` + qb + `) u JOIN cases c ON c.id = u.id ORDER BY ` + uorder + ` LIMIT ?`
		args = append(append(aa, ab...), f.Limit)
	} else {
		// The page's ids first (an index can answer that alone), then their rows.
		inner, innerArgs := c.query(`SELECT id FROM cases`, `ORDER BY `+order+` LIMIT ?`, f.Limit)
		q = `SELECT ` + prefixed("c", caseCols) + ` FROM (` + inner + `) x JOIN cases c ON c.id = x.id ORDER BY ` + uorder
		args = innerArgs
	}
	out, err := queryAll(ctx, db, db.scanCase, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	return out, nil
}

func (db *DB) CaseItems(ctx context.Context, caseID int64) ([]*cases.Item, error) {
	return queryAll(ctx, db, db.scanItem, `SELECT `+itemCols+` FROM case_items WHERE case_id = ? ORDER BY received_at, id`, caseID)
}

func splitReasons(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "；")
}

const mergeCols = `id, case_id, item_id, from_case_id, reasons, person_score, matter_score, actor, at, undone_at, undone_by`

func scanMerge(s scanner) (*cases.Merge, error) {
	var m cases.Merge
	var reasons string
	var undone sql.NullTime
	if err := s.Scan(&m.ID, &m.CaseID, &m.ItemID, &m.FromCaseID, &reasons, &m.Person, &m.Matter, &m.Actor, &m.At, &undone, &m.UndoneBy); err != nil {
		return nil, err
	}
	m.Reasons, m.UndoneAt, m.At = splitReasons(reasons), nullTime(undone), m.At.UTC()
	return &m, nil
}

func (db *DB) CaseMerges(ctx context.Context, caseID int64) ([]cases.Merge, error) {
	return queryAll(ctx, db, deref(scanMerge), `SELECT `+mergeCols+` FROM case_merges WHERE case_id = ? OR from_case_id = ? ORDER BY id`, caseID, caseID)
}

func (db *DB) Merge(ctx context.Context, id int64) (*cases.Merge, error) {
	m, err := scanMerge(db.QueryRowContext(ctx, `SELECT `+mergeCols+` FROM case_merges WHERE id = ?`, id))
	return m, notFound(err, "merge")
}

func (db *DB) CaseLinks(ctx context.Context, caseID int64) ([]cases.Link, error) {
	return queryAll(ctx, db, func(s scanner) (cases.Link, error) {
		var l cases.Link
		var reasons string
		err := s.Scan(&l.OtherCaseID, &l.Kind, &reasons)
		l.Reasons = splitReasons(reasons)
		return l, err
	}, `SELECT other_case_id, kind, reasons FROM case_links WHERE case_id = ? ORDER BY other_case_id`, caseID)
}

const reviewCols = `id, item_id, case_id, candidate_case_id, reasons, person_score, matter_score, status, decided_by, created_at`

func scanReview(s scanner) (*cases.DedupReview, error) {
	var r cases.DedupReview
	var reasons string
	if err := s.Scan(&r.ID, &r.ItemID, &r.CaseID, &r.CandidateCaseID, &reasons, &r.Person, &r.Matter, &r.Status, &r.DecidedBy, &r.CreatedAt); err != nil {
		return nil, err
	}
	r.Reasons, r.CreatedAt = splitReasons(reasons), r.CreatedAt.UTC()
	return &r, nil
}

func (db *DB) ListReviews(ctx context.Context, status string, limit int) ([]cases.DedupReview, error) {
	return queryAll(ctx, db, deref(scanReview), `SELECT `+reviewCols+` FROM dedup_reviews WHERE status = ? ORDER BY id LIMIT ?`, status, limit)
}

func (db *DB) Review(ctx context.Context, id int64) (*cases.DedupReview, error) {
	r, err := scanReview(db.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM dedup_reviews WHERE id = ?`, id))
	return r, notFound(err, "review")
}

func (db *DB) ExportItems(ctx context.Context, fn func(item *cases.Item, c *cases.Case) error) error {
	err := eachRow(ctx, db, func(s scanner) error {
		var it cases.Item
		var c cases.Case
		var ext sql.NullString
		if err := s.Scan(&it.ID, &ext, &it.Channel, &it.ReceivedAt, &c.ID, &c.CaseNo, &c.NonPetition, &c.Category, &c.Office); err != nil {
			return err
		}
		it.ExternalID, it.CaseID = ext.String, c.ID
		return fn(&it, &c)
	}, `SELECT i.id, i.external_id, i.channel, i.received_at, c.id, c.case_no, c.non_petition, c.category, c.office
		FROM case_items i JOIN cases c ON c.id = i.case_id ORDER BY i.id`)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

func (db *DB) CasesForPerson(ctx context.Context, phoneKey, idKey string, limit int) ([]booking.CaseSummary, error) {
	var keys []any
	for _, k := range []string{phoneKey, idKey} {
		if v := service.IndexKey(k); v != 0 {
			keys = append(keys, v)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	return queryAll(ctx, db, func(sc scanner) (booking.CaseSummary, error) {
		var s booking.CaseSummary
		var enc string
		if err := sc.Scan(&s.ID, &s.CaseNo, &s.Status, &enc, &s.Received, &s.Office, &s.Owner); err != nil {
			return s, err
		}
		text, err := db.PII.Decrypt("cases.summary", enc)
		if err != nil {
			return s, err
		}
		if r := []rune(text); len(r) > 80 {
			text = string(r[:80]) + "…"
		}
		s.Summary, s.Received, s.Relation = service.RedactText(text), s.Received.UTC(), "同一信访人"
		return s, nil
	}, `SELECT c.id, c.case_no, c.status, c.summary_enc, c.received_at, c.office, c.owner FROM cases c WHERE c.id IN
		(SELECT case_id FROM case_keys WHERE k IN (?`+strings.Repeat(", ?", len(keys)-1)+`)) ORDER BY c.id DESC LIMIT ?`, append(keys, limit)...)
}

const attachmentCols = `id, item_id, case_id, filename, content_type, size, sha256, storage_key, created_at`

func scanAttachment(s scanner) (*cases.Attachment, error) {
	var a cases.Attachment
	err := s.Scan(&a.ID, &a.ItemID, &a.CaseID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.StorageKey, &a.CreatedAt)
	a.CreatedAt = a.CreatedAt.UTC()
	return &a, err
}

func (db *DB) Attachment(ctx context.Context, id int64) (*cases.Attachment, error) {
	a, err := scanAttachment(db.QueryRowContext(ctx, `SELECT `+attachmentCols+` FROM case_attachments WHERE id = ?`, id))
	return a, notFound(err, "attachment")
}

func (db *DB) ListAttachments(ctx context.Context, caseID int64) ([]cases.Attachment, error) {
	// An item keeps its attachments when it moves between cases: list by the items of the case.
	out, err := queryAll(ctx, db, deref(scanAttachment),
		`SELECT `+attachmentCols+` FROM case_attachments WHERE item_id IN (SELECT id FROM case_items WHERE case_id = ?) ORDER BY id`, caseID)
	for i := range out {
		out[i].CaseID = caseID
	}
	return out, err
}
