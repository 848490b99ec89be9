package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
)

// The case lifecycle's SQL: events, deadlines, notices, reminders and supervision records.

func (t casesTx) InsertEvent(e *cases.Event) error {
	res, err := t.exec(`INSERT INTO case_events (case_id, at, kind, actor, public, text, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.CaseID, e.At.UTC(), e.Kind, truncate(e.Actor, 64), e.Public, truncate(e.Text, 500), truncate(service.RedactText(e.Detail), 1000))
	if err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	e.ID, err = res.LastInsertId()
	return err
}

const deadlineCols = `id, case_id, kind, start_at, due_date, state, met_at, stage, next_at`

func scanDeadline(s scanner) (cases.Deadline, error) {
	var d cases.Deadline
	var due string
	var met, next sql.NullTime
	err := s.Scan(&d.ID, &d.CaseID, &d.Kind, &d.StartAt, &due, &d.State, &met, &d.Stage, &next)
	d.Due, d.StartAt, d.MetAt, d.NextAt = service.Date(due), d.StartAt.UTC(), nullTime(met), nullTime(next)
	return d, err
}

func (t casesTx) UpsertDeadline(d *cases.Deadline) error {
	q := ` ON CONFLICT(case_id, kind) DO UPDATE SET start_at = excluded.start_at, due_date = excluded.due_date, state = excluded.state,
		met_at = excluded.met_at, stage = excluded.stage, next_at = excluded.next_at`
	if t.db.Dialect == MySQL {
		q = ` ON DUPLICATE KEY UPDATE start_at = VALUES(start_at), due_date = VALUES(due_date), state = VALUES(state),
		met_at = VALUES(met_at), stage = VALUES(stage), next_at = VALUES(next_at)`
	}
	if _, err := t.exec(`INSERT INTO case_deadlines (case_id, kind, start_at, due_date, state, met_at, stage, next_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`+q, d.CaseID, d.Kind, d.StartAt.UTC(), string(d.Due), d.State, timeOrNull(d.MetAt), d.Stage,
		timeOrNull(d.NextAt)); err != nil {
		return fmt.Errorf("upsert deadline: %w", err)
	}
	return t.tx.QueryRowContext(t.ctx, `SELECT id FROM case_deadlines WHERE case_id = ? AND kind = ?`, d.CaseID, d.Kind).Scan(&d.ID)
}

func (t casesTx) CaseDeadline(caseID int64, kind string) (cases.Deadline, error) {
	d, err := scanDeadline(t.tx.QueryRowContext(t.ctx, `SELECT `+deadlineCols+` FROM case_deadlines WHERE case_id = ? AND kind = ?`, caseID, kind))
	return d, notFound(err, "deadline")
}

func (t casesTx) EndDeadlines(caseID int64, kinds []string, state string, at time.Time) error {
	q := `UPDATE case_deadlines SET state = ?, met_at = ?, next_at = NULL WHERE case_id = ? AND state = ?`
	args := []any{state, at.UTC(), caseID, cases.DeadlineOpen}
	if len(kinds) > 0 {
		q += ` AND kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	_, err := t.exec(q, args...)
	return err
}

// ClaimDeadlines uses the index on next_at: only the rows due are read, however many cases
// there are. On MySQL the deadline rows another instance holds are skipped (their cases are read
// without locks, so two instances never skip each other's rows through a case); SQLite's writer
// lock serialises the passes.
func (t casesTx) ClaimDeadlines(now time.Time, limit int) ([]cases.Deadline, error) {
	q := `SELECT ` + deadlineCols + ` FROM case_deadlines WHERE next_at <= ? ORDER BY next_at LIMIT ?`
	if t.db.Dialect == MySQL {
		q += ` FOR UPDATE SKIP LOCKED`
	}
	ds, err := queryAll(t.ctx, t.tx, scanDeadline, q, now.UTC(), limit)
	if err != nil || len(ds) == 0 {
		return ds, err
	}
	ids := make([]any, 0, len(ds))
	for _, d := range ds {
		ids = append(ids, d.CaseID)
	}
	type caseInfo struct{ no, owner, office string }
	info := map[int64]caseInfo{}
	err = eachRow(t.ctx, t.tx, func(s scanner) error {
		var id int64
		var c caseInfo
		if err := s.Scan(&id, &c.no, &c.owner, &c.office); err != nil {
			return err
		}
		info[id] = c
		return nil
	}, `SELECT id, case_no, owner, office FROM cases WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, ids...)
	for i := range ds {
		c := info[ds[i].CaseID]
		ds[i].CaseNo, ds[i].Owner, ds[i].Office = c.no, c.owner, c.office
	}
	return ds, err
}

// UpdateDeadlines saves the batch in one statement.
func (t casesTx) UpdateDeadlines(ds []cases.Deadline) error {
	if len(ds) == 0 {
		return nil
	}
	var stage, next, ids strings.Builder
	var sa, na, ia []any
	for i, d := range ds {
		stage.WriteString(" WHEN ? THEN ?")
		next.WriteString(" WHEN ? THEN ?")
		sa = append(sa, d.ID, d.Stage)
		na = append(na, d.ID, timeOrNull(d.NextAt))
		if i > 0 {
			ids.WriteString(", ")
		}
		ids.WriteString("?")
		ia = append(ia, d.ID)
	}
	_, err := t.exec(`UPDATE case_deadlines SET stage = CASE id`+stage.String()+` END, next_at = CASE id`+next.String()+
		` END WHERE id IN (`+ids.String()+`)`, append(append(sa, na...), ia...)...)
	return err
}

// InsertNotice numbers the notice per kind and year: 深信受〔2026〕12号.
func (t casesTx) InsertNotice(n *cases.Notice) error {
	year := n.IssuedAt.In(service.Shanghai).Year()
	seq, err := t.db.nextCounter(t.ctx, t.tx, fmt.Sprintf("notice:%s:%d", n.Kind, year))
	if err != nil {
		return err
	}
	n.Number = fmt.Sprintf("%s〔%d〕%d号", n.NumberPrefix(), year, seq)
	body, _ := json.Marshal(n.Body)
	enc, err := t.db.PII.Encrypt("case_notices.body", string(body))
	if err != nil {
		return err
	}
	res, err := t.exec(`INSERT INTO case_notices (case_id, kind, number, issued_at, issued_by, body_enc) VALUES (?, ?, ?, ?, ?, ?)`,
		n.CaseID, n.Kind, n.Number, n.IssuedAt.UTC(), n.IssuedBy, enc)
	if err != nil {
		return fmt.Errorf("insert notice: %w", err)
	}
	n.ID, err = res.LastInsertId()
	return err
}

func (t casesTx) InsertReminders(rs []*cases.Reminder) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	ignore := "INSERT OR IGNORE"
	if t.db.Dialect == MySQL {
		ignore = "INSERT IGNORE"
	}
	var args []any
	for _, r := range rs {
		args = append(args, r.CaseID, r.DeadlineID, r.Stage, r.Kind, string(r.Due), r.Owner, r.Office, r.CreatedAt.UTC())
	}
	res, err := t.exec(ignore+` INTO case_reminders (case_id, deadline_id, stage, kind, due_date, owner, office, created_at) VALUES `+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(rs)), ", "), args...)
	if err != nil {
		return 0, fmt.Errorf("insert reminders: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (t casesTx) InsertSupervision(s *cases.Supervision) (bool, error) {
	return t.insertOnce(`INSERT INTO case_supervisions (case_id, deadline_id, kind, state, requested_by, requested_at, request)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, &s.ID, s.CaseID, nullID(s.DeadlineID), s.Kind, s.State, s.RequestedBy, s.RequestedAt.UTC(),
		truncate(s.Request, 500))
}

// insertOnce runs an INSERT whose unique key makes it happen once: false (and no error) when
// the row exists already. A savepoint keeps a duplicate from aborting the transaction on
// engines that would.
func (t casesTx) insertOnce(q string, id *int64, args ...any) (bool, error) {
	ignore := "INSERT OR IGNORE"
	if t.db.Dialect == MySQL {
		ignore = "INSERT IGNORE"
	}
	res, err := t.exec(strings.Replace(q, "INSERT", ignore, 1), args...)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	*id, err = res.LastInsertId()
	return true, err
}

const supervisionCols = `s.id, s.case_id, c.case_no, s.deadline_id, s.kind, s.state, s.requested_by, s.requested_at, s.request,
	s.answer, s.answered_by, s.answered_at, s.outcome`

func scanSupervision(sc scanner) (cases.Supervision, error) {
	var s cases.Supervision
	var deadline sql.NullInt64
	var answered sql.NullTime
	err := sc.Scan(&s.ID, &s.CaseID, &s.CaseNo, &deadline, &s.Kind, &s.State, &s.RequestedBy, &s.RequestedAt, &s.Request, &s.Answer,
		&s.AnsweredBy, &answered, &s.Outcome)
	s.DeadlineID, s.AnsweredAt, s.RequestedAt = deadline.Int64, nullTime(answered), s.RequestedAt.UTC()
	return s, err
}

func (t casesTx) LockSupervision(id int64) (*cases.Supervision, error) {
	s, err := scanSupervision(t.tx.QueryRowContext(t.ctx, `SELECT `+supervisionCols+` FROM case_supervisions s
		JOIN cases c ON c.id = s.case_id WHERE s.id = ?`+t.db.forUpdate(), id))
	if err != nil {
		return nil, notFound(err, "supervision")
	}
	return &s, nil
}

func (t casesTx) UpdateSupervision(s *cases.Supervision) error {
	_, err := t.exec(`UPDATE case_supervisions SET state = ?, answer = ?, answered_by = ?, answered_at = ?, outcome = ? WHERE id = ?`,
		s.State, truncate(service.RedactText(s.Answer), 1000), s.AnsweredBy, timeOrNull(s.AnsweredAt), truncate(s.Outcome, 255), s.ID)
	return err
}

// Reads.

func (db *DB) Events(ctx context.Context, caseID int64) ([]cases.Event, error) {
	return queryAll(ctx, db, func(s scanner) (cases.Event, error) {
		var e cases.Event
		err := s.Scan(&e.ID, &e.CaseID, &e.At, &e.Kind, &e.Actor, &e.Public, &e.Text, &e.Detail)
		e.At = e.At.UTC()
		return e, err
	}, `SELECT id, case_id, at, kind, actor, public, text, detail FROM case_events WHERE case_id = ? ORDER BY id`, caseID)
}

func (db *DB) Deadlines(ctx context.Context, caseID int64) ([]cases.Deadline, error) {
	return queryAll(ctx, db, scanDeadline, `SELECT `+deadlineCols+` FROM case_deadlines WHERE case_id = ? ORDER BY id`, caseID)
}

func (db *DB) Routes(ctx context.Context, caseID int64) ([]cases.Route, error) {
	return queryAll(ctx, db, func(s scanner) (cases.Route, error) {
		var r cases.Route
		err := s.Scan(&r.Office, &r.Owner, &r.Reason, &r.Actor, &r.At)
		r.At = r.At.UTC()
		return r, err
	}, `SELECT office, owner, reason, actor, at FROM case_routes WHERE case_id = ? ORDER BY id`, caseID)
}

func (db *DB) scanNotice(s scanner) (cases.Notice, error) {
	var n cases.Notice
	var enc string
	if err := s.Scan(&n.ID, &n.CaseID, &n.Kind, &n.Number, &n.IssuedAt, &n.IssuedBy, &enc); err != nil {
		return n, err
	}
	body, err := db.PII.Decrypt("case_notices.body", enc)
	if err != nil {
		return n, err
	}
	n.IssuedAt, n.Title = n.IssuedAt.UTC(), cases.NoticeTitles[n.Kind]
	return n, json.Unmarshal([]byte(body), &n.Body)
}

func (db *DB) Notices(ctx context.Context, caseID int64) ([]cases.Notice, error) {
	return queryAll(ctx, db, db.scanNotice, `SELECT id, case_id, kind, number, issued_at, issued_by, body_enc FROM case_notices
		WHERE case_id = ? ORDER BY id`, caseID)
}

func (db *DB) Notice(ctx context.Context, id int64) (*cases.Notice, error) {
	n, err := db.scanNotice(db.QueryRowContext(ctx, `SELECT id, case_id, kind, number, issued_at, issued_by, body_enc FROM case_notices
		WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err, "notice")
	}
	return &n, nil
}

func (db *DB) Supervisions(ctx context.Context, f cases.SupervisionFilter) ([]cases.Supervision, error) {
	var c conds
	c.add(f.State != "", "s.state = ?", f.State)
	c.add(f.CaseID != 0, "s.case_id = ?", f.CaseID)
	q, args := c.query(`SELECT `+supervisionCols+` FROM case_supervisions s JOIN cases c ON c.id = s.case_id`, `ORDER BY s.id DESC LIMIT ?`,
		max(f.Limit, 1))
	return queryAll(ctx, db, scanSupervision, q, args...)
}

func (db *DB) Reminders(ctx context.Context, owner, office string, limit int) ([]cases.Reminder, error) {
	var c conds
	c.add(owner != "" && office == "", "r.owner = ?", owner)
	if owner != "" && office != "" {
		c.where, c.args = append(c.where, "(r.owner = ? OR (r.owner = '' AND r.office = ?))"), append(c.args, owner, office)
	}
	c.add(owner == "" && office != "", "r.office = ?", office)
	q, args := c.query(`SELECT r.id, r.case_id, c.case_no, r.deadline_id, r.stage, r.kind, r.due_date, r.owner, r.office, r.created_at
		FROM case_reminders r JOIN cases c ON c.id = r.case_id`, `ORDER BY r.id DESC LIMIT ?`, max(limit, 1))
	return queryAll(ctx, db, func(s scanner) (cases.Reminder, error) {
		var r cases.Reminder
		var due string
		err := s.Scan(&r.ID, &r.CaseID, &r.CaseNo, &r.DeadlineID, &r.Stage, &r.Kind, &due, &r.Owner, &r.Office, &r.CreatedAt)
		r.Due, r.CreatedAt = service.Date(due), r.CreatedAt.UTC()
		return r, err
	}, q, args...)
}

func (db *DB) CasesByKeys(ctx context.Context, keys []int64, limit int) ([]*cases.Case, error) {
	var ks []any
	for _, k := range keys {
		if k != 0 {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return nil, nil
	}
	return queryAll(ctx, db, db.scanCase, `SELECT `+caseCols+` FROM cases WHERE id IN (SELECT case_id FROM case_keys WHERE k IN (?`+
		strings.Repeat(", ?", len(ks)-1)+`)) ORDER BY id DESC LIMIT ?`, append(ks, limit)...)
}

func (db *DB) StatCases(ctx context.Context, from, to time.Time, fn func(c *cases.StatCase) error) error {
	return eachRow(ctx, db, func(s scanner) error {
		var c cases.StatCase
		var replied, aMet, rMet sql.NullTime
		var aDue, aState, rDue, rState sql.NullString
		if err := s.Scan(&c.Office, &c.District, &c.Category, &c.Channel, &c.Status, &c.ReceivedAt, &replied, &c.Satisfaction,
			&aDue, &aState, &aMet, &rDue, &rState, &rMet); err != nil {
			return err
		}
		c.ReceivedAt, c.RepliedAt, c.AcceptMetAt, c.ReplyMetAt = c.ReceivedAt.UTC(), nullTime(replied), nullTime(aMet), nullTime(rMet)
		c.AcceptDue, c.AcceptState, c.ReplyDue, c.ReplyState = service.Date(aDue.String), aState.String, service.Date(rDue.String), rState.String
		return fn(&c)
	}, `SELECT c.office, c.district, c.category, c.channel, c.status, c.received_at, c.replied_at, c.satisfaction,
		a.due_date, a.state, a.met_at, r.due_date, r.state, r.met_at
		FROM cases c
		LEFT JOIN case_deadlines a ON a.case_id = c.id AND a.kind = 'accept'
		LEFT JOIN case_deadlines r ON r.case_id = c.id AND r.kind = 'reply'
		WHERE c.received_at >= ? AND c.received_at < ? AND c.status NOT IN ('merged', 'screened')`, from.UTC(), to.UTC())
}

// DeadlineQueue walks the open deadlines in due order (index on state, due_date) and keeps those
// of the office's or the owner's cases.
func (db *DB) DeadlineQueue(ctx context.Context, office, owner string, limit int) ([]cases.QueueEntry, error) {
	var c conds
	c.add(true, "d.state = ?", cases.DeadlineOpen)
	if office != "" || owner != "" {
		c.where, c.args = append(c.where, "(c.office = ? OR c.owner = ?)"), append(c.args, office, owner)
	}
	q, args := c.query(`SELECT d.id, d.case_id, d.kind, d.start_at, d.due_date, d.state, d.met_at, d.stage, d.next_at, `+prefixed("c", caseCols)+`
		FROM case_deadlines d JOIN cases c ON c.id = d.case_id`, `ORDER BY d.due_date, d.id LIMIT ?`, limit)
	return queryAll(ctx, db, func(s scanner) (cases.QueueEntry, error) {
		var e cases.QueueEntry
		var due string
		var met, next sql.NullTime
		d := &e.Deadline.Deadline
		c, err := db.scanCaseWith(s, &d.ID, &d.CaseID, &d.Kind, &d.StartAt, &due, &d.State, &met, &d.Stage, &next)
		if err != nil {
			return e, err
		}
		d.Due, d.StartAt, d.MetAt, d.NextAt = service.Date(due), d.StartAt.UTC(), nullTime(met), nullTime(next)
		e.Case = c
		return e, nil
	}, q, args...)
}

func (db *DB) ItemCounts(ctx context.Context, from, to time.Time) ([]cases.DayCount, int, error) {
	day := `date(received_at, '+8 hours')`
	if db.Dialect == MySQL {
		day = `DATE(DATE_ADD(received_at, INTERVAL 8 HOUR))`
	}
	out, err := queryAll(ctx, db, func(s scanner) (cases.DayCount, error) {
		var d cases.DayCount
		var raw any
		err := s.Scan(&raw, &d.Channel, &d.Items)
		switch v := raw.(type) {
		case time.Time:
			d.Day = service.Date(v.Format("2006-01-02"))
		case []byte:
			d.Day = service.Date(string(v)[:10])
		case string:
			d.Day = service.Date(v[:10])
		}
		return d, err
	}, `SELECT `+day+` AS d, channel, COUNT(*) FROM case_items WHERE received_at >= ? AND received_at < ? GROUP BY d, channel ORDER BY d, channel`,
		from.UTC(), to.UTC())
	if err != nil {
		return nil, 0, err
	}
	var merged int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_merges WHERE at >= ? AND at < ? AND undone_at IS NULL`, from.UTC(), to.UTC()).Scan(&merged)
	return out, merged, err
}

func (t casesTx) InsertScreenExample(e *cases.ScreenExample) error {
	res, err := t.exec(`INSERT INTO screen_examples (case_id, case_no, kind, features, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		e.CaseID, e.CaseNo, e.Kind, e.Features, e.CreatedBy, e.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("insert screening example: %w", err)
	}
	e.ID, err = res.LastInsertId()
	return err
}

func (t casesTx) WithdrawScreenExample(id int64, by string, at time.Time) error {
	n, err := t.affected(`UPDATE screen_examples SET withdrawn_by = ?, withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL`, by, at.UTC(), id)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("screening example %d: %w", id, service.ErrNotFound)
	}
	return nil
}

func (db *DB) ScreenExamples(ctx context.Context, all bool, limit int) ([]cases.ScreenExample, error) {
	q := `SELECT id, case_id, case_no, kind, features, created_by, created_at, withdrawn_by, withdrawn_at FROM screen_examples`
	if !all {
		q += ` WHERE withdrawn_at IS NULL`
	}
	return queryAll(ctx, db, func(s scanner) (cases.ScreenExample, error) {
		var e cases.ScreenExample
		var withdrawn sql.NullTime
		err := s.Scan(&e.ID, &e.CaseID, &e.CaseNo, &e.Kind, &e.Features, &e.CreatedBy, &e.CreatedAt, &e.WithdrawnBy, &withdrawn)
		e.CreatedAt, e.WithdrawnAt = e.CreatedAt.UTC(), nullTime(withdrawn)
		return e, err
	}, q+` ORDER BY id DESC LIMIT ?`, limit)
}
