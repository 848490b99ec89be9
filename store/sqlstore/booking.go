package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/notify"
)

var _ booking.Store = (*DB)(nil)

func (db *DB) EnsureSlots(ctx context.Context, slots []booking.Slot) error {
	if len(slots) == 0 {
		return nil
	}
	now := db.Now()
	ignore := " ON CONFLICT(day, session, room, leader) DO NOTHING"
	if db.Dialect == MySQL {
		ignore = " ON DUPLICATE KEY UPDATE id = id"
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(slots); start += 200 {
			batch := slots[start:min(start+200, len(slots))]
			q := `INSERT INTO booking_slots (day, session, room, leader, capacity, booked, closed, created_at, updated_at) VALUES ` +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, 0, 0, ?, ?), ", len(batch)), ", ") + ignore
			args := make([]any, 0, len(batch)*7)
			for _, s := range batch {
				args = append(args, string(s.Day), s.Session, s.Room, s.Leader, s.Capacity, now, now)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("ensure slots: %w", err)
			}
		}
		return nil
	})
}

const slotCols = `id, day, session, room, leader, capacity, booked, closed`

func scanSlot(s scanner) (booking.Slot, error) {
	var sl booking.Slot
	var day string
	err := s.Scan(&sl.ID, &day, &sl.Session, &sl.Room, &sl.Leader, &sl.Capacity, &sl.Booked, &sl.Closed)
	sl.Day = service.Date(day)
	return sl, err
}

func (db *DB) ListSlots(ctx context.Context, from, to service.Date) ([]booking.Slot, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+slotCols+` FROM booking_slots WHERE day >= ? AND day <= ? ORDER BY day, session, leader, room`,
		string(from), string(to))
	if err != nil {
		return nil, fmt.Errorf("list slots: %w", err)
	}
	defer rows.Close()
	var out []booking.Slot
	for rows.Next() {
		sl, err := scanSlot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sl)
	}
	return out, rows.Err()
}

func (db *DB) UpdateSlot(ctx context.Context, id int64, capacity int, closed bool, audit service.AuditEntry) (*booking.Slot, error) {
	var out booking.Slot
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE booking_slots SET capacity = ?, closed = ?, updated_at = ? WHERE id = ? AND booked <= ?`,
			capacity, closed, db.Now(), id, capacity)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var booked int
			if err := tx.QueryRowContext(ctx, `SELECT booked FROM booking_slots WHERE id = ?`, id).Scan(&booked); err != nil {
				return notFound(err, "slot")
			}
			return service.Invalid("capacity", fmt.Sprintf("该时段已有 %d 人预约，容量不能低于 %d", booked, booked))
		}
		if out, err = scanSlot(tx.QueryRowContext(ctx, `SELECT `+slotCols+` FROM booking_slots WHERE id = ?`, id)); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// takePlace increments the first room of (day, session, leader) that still has a place, by a
// conditional update, and returns its slot. Rooms are tried in a fixed order so concurrent
// bookers lock them in the same order.
func (db *DB) takePlace(ctx context.Context, tx *sql.Tx, day service.Date, session, leader string) (*booking.Slot, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+slotCols+` FROM booking_slots WHERE day = ? AND session = ? AND leader = ?
		AND closed = 0 AND booked < capacity ORDER BY id`, string(day), session, leader)
	if err != nil {
		return nil, fmt.Errorf("find places: %w", err)
	}
	var candidates []booking.Slot
	for rows.Next() {
		sl, err := scanSlot(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		candidates = append(candidates, sl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	now := db.Now()
	for _, sl := range candidates {
		res, err := tx.ExecContext(ctx, `UPDATE booking_slots SET booked = booked + 1, updated_at = ? WHERE id = ? AND closed = 0 AND booked < capacity`, now, sl.ID)
		if err != nil {
			return nil, fmt.Errorf("take place: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			sl.Booked++
			return &sl, nil
		}
	}
	return nil, booking.ErrSessionFull
}

func (db *DB) releasePlace(ctx context.Context, tx *sql.Tx, slotID int64) error {
	if slotID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE booking_slots SET booked = booked - 1, updated_at = ? WHERE id = ? AND booked > 0`, db.Now(), slotID)
	return err
}

func activeKey(b *booking.Booking) any {
	if booking.HoldsPlace(b.Status) {
		return b.PersonKey + ":" + b.MatterKey
	}
	return nil
}

func (db *DB) CreateBooking(ctx context.Context, b *booking.Booking, idemScope, idemKey, idemProof string, maxActive int, msgs func(*booking.Booking) ([]*notify.Message, error), audit service.AuditEntry) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if idemKey != "" {
			var prev int64
			err := tx.QueryRowContext(ctx, `SELECT booking_id FROM idempotency_keys WHERE scope = ? AND idem_key = ?`+db.forUpdate(), idemScope, idemKey).Scan(&prev)
			if err == nil {
				return &booking.ErrIdempotentReplay{BookingID: prev}
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := db.holdPlace(ctx, tx, b.PersonKey, maxActive); err != nil {
			return err
		}
		slot, err := db.takePlace(ctx, tx, b.Day, b.Session, b.Leader)
		if err != nil {
			return err
		}
		b.SlotID, b.Room = slot.ID, slot.Room
		if err := db.insertBooking(ctx, tx, b); err != nil {
			return err
		}
		if idemKey != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, idem_key, booking_id, proof, created_at) VALUES (?, ?, ?, ?, ?)`,
				idemScope, idemKey, b.ID, idemProof, db.Now()); err != nil {
				if isDuplicate(err) {
					return fmt.Errorf("idempotency key raced: %w", errRetry) // the next run replays the winner
				}
				return err
			}
		}
		ms, err := msgs(b)
		if err != nil {
			return err
		}
		if err := db.insertOutbox(ctx, tx, ms); err != nil {
			return err
		}
		audit.TargetID = fmt.Sprint(b.ID)
		return appendAudit(ctx, tx, audit)
	})
}

// holdPlace counts one more place held by person, refusing past max: a conditional update of
// the person's own row, so concurrent bookings by one person cannot pass the limit together.
func (db *DB) holdPlace(ctx context.Context, tx *sql.Tx, person string, max int) error {
	ignore := ` ON CONFLICT(person_key) DO NOTHING`
	if db.Dialect == MySQL {
		ignore = ` ON DUPLICATE KEY UPDATE active = active`
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO booking_holders (person_key, active) VALUES (?, 0)`+ignore, person); err != nil {
		return fmt.Errorf("booking holder: %w", err)
	}
	q, args := `UPDATE booking_holders SET active = active + 1 WHERE person_key = ?`, []any{person}
	if max > 0 {
		q, args = q+` AND active < ?`, append(args, max)
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("booking holder: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return service.Invalid("phone", fmt.Sprintf("该手机号已有 %d 个待办预约，请先完成或取消后再预约", max))
	}
	return nil
}

func (db *DB) IdempotentBooking(ctx context.Context, scope, key string) (int64, string, bool, error) {
	var id int64
	var proof string
	err := db.QueryRowContext(ctx, `SELECT booking_id, proof FROM idempotency_keys WHERE scope = ? AND idem_key = ?`, scope, key).Scan(&id, &proof)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	return id, proof, err == nil, err
}

func (db *DB) CreateWalkIn(ctx context.Context, b *booking.Booking, audit service.AuditEntry) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		q, err := db.nextQueue(ctx, tx, b.Day)
		if err != nil {
			return err
		}
		b.Queue = q
		if err := db.insertBooking(ctx, tx, b); err != nil {
			return err
		}
		audit.TargetID = fmt.Sprint(b.ID)
		return appendAudit(ctx, tx, audit)
	})
}

func (db *DB) nextQueue(ctx context.Context, tx *sql.Tx, day service.Date) (int, error) {
	q := `INSERT INTO hall_queue (day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1`
	if db.Dialect == MySQL {
		q = `INSERT INTO hall_queue (day, last) VALUES (?, 1) ON DUPLICATE KEY UPDATE last = last + 1`
	}
	if _, err := tx.ExecContext(ctx, q, string(day)); err != nil {
		return 0, fmt.Errorf("queue number: %w", err)
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT last FROM hall_queue WHERE day = ?`, string(day)).Scan(&n)
	return n, err
}

func (db *DB) insertBooking(ctx context.Context, tx *sql.Tx, b *booking.Booking) error {
	phone, err := db.PII.Encrypt("bookings.phone", b.Phone)
	if err != nil {
		return err
	}
	idn, err := db.PII.Encrypt("bookings.id_number", b.IDNumber)
	if err != nil {
		return err
	}
	matter, err := db.PII.Encrypt("bookings.matter", b.Matter)
	if err != nil {
		return err
	}
	idIdx := db.PII.BlindIndex("id", b.IDNumber)
	var slot any
	if b.SlotID != 0 {
		slot = b.SlotID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO bookings (code, status, version, slot_id, day, session, room, leader, name, phone_enc,
		id_enc, id_idx, person_key, openid, openid_kind, channel, matter_enc, matter_key, active_key, district, street, department, history,
		earlier_cases, queue, checked_in_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.Code, b.Status, b.Version, slot, string(b.Day), b.Session, b.Room, b.Leader, truncate(b.Name, 64), phone, idn, idIdx,
		b.PersonKey, b.OpenID, b.OpenIDKind, b.Channel, matter, b.MatterKey, activeKey(b), b.District, b.Street, truncate(b.Department, 64),
		b.History, truncate(b.EarlierCases, 255), b.Queue, timeOrNull(b.CheckedInAt), b.CreatedAt.UTC(), b.UpdatedAt.UTC())
	if isDuplicate(err) {
		if strings.Contains(err.Error(), "active") {
			return &service.Error{Code: service.EConflict, Field: "matter", Message: "您已就该事项预约，请勿重复预约；如需改期请在“我的预约”中改约", Err: err}
		}
		return fmt.Errorf("booking code collision: %w", err)
	} else if err != nil {
		return fmt.Errorf("insert booking: %w", err)
	}
	b.ID, err = res.LastInsertId()
	return err
}

const bookingCols = `id, code, status, version, slot_id, day, session, room, leader, name, phone_enc, id_enc, person_key, openid,
	openid_kind, channel, matter_enc, matter_key, district, street, department, history, earlier_cases, reason, guidance, divert_to,
	reviewed_by, reviewed_at, checked_in_at, called_at, visited_at, queue, created_at, updated_at`

func (db *DB) scanBooking(s scanner) (*booking.Booking, error) {
	var b booking.Booking
	var slot sql.NullInt64
	var day, phone, idn, matter string
	var reviewed, checked, called, visited sql.NullTime
	if err := s.Scan(&b.ID, &b.Code, &b.Status, &b.Version, &slot, &day, &b.Session, &b.Room, &b.Leader, &b.Name, &phone, &idn,
		&b.PersonKey, &b.OpenID, &b.OpenIDKind, &b.Channel, &matter, &b.MatterKey, &b.District, &b.Street, &b.Department, &b.History,
		&b.EarlierCases, &b.Reason, &b.Guidance, &b.DivertTo, &b.ReviewedBy, &reviewed, &checked, &called, &visited, &b.Queue,
		&b.CreatedAt, &b.UpdatedAt); err != nil {
		return nil, err
	}
	var err error
	if b.Phone, err = db.PII.Decrypt("bookings.phone", phone); err != nil {
		return nil, err
	}
	if b.IDNumber, err = db.PII.Decrypt("bookings.id_number", idn); err != nil {
		return nil, err
	}
	if b.Matter, err = db.PII.Decrypt("bookings.matter", matter); err != nil {
		return nil, err
	}
	b.SlotID, b.Day = slot.Int64, service.Date(day)
	b.ReviewedAt, b.CheckedInAt, b.CalledAt, b.VisitedAt = nullTime(reviewed), nullTime(checked), nullTime(called), nullTime(visited)
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return &b, nil
}

func (db *DB) BookingByID(ctx context.Context, id int64) (*booking.Booking, error) {
	b, err := db.scanBooking(db.QueryRowContext(ctx, `SELECT `+bookingCols+` FROM bookings WHERE id = ?`, id))
	return b, notFound(err, "booking")
}

func (db *DB) BookingByCode(ctx context.Context, code string) (*booking.Booking, error) {
	b, err := db.scanBooking(db.QueryRowContext(ctx, `SELECT `+bookingCols+` FROM bookings WHERE code = ?`, code))
	return b, notFound(err, "booking")
}

func (db *DB) ListBookings(ctx context.Context, f booking.Filter) ([]*booking.Booking, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Day != "" {
		add("day = ?", string(f.Day))
	}
	if f.From != "" {
		add("day >= ?", string(f.From))
	}
	if f.To != "" {
		add("day <= ?", string(f.To))
	}
	if f.Department != "" {
		add("department = ?", f.Department)
	}
	if f.PersonKey != "" {
		add("person_key = ?", f.PersonKey)
	}
	if f.OpenID != "" {
		add("openid = ?", f.OpenID)
	}
	if f.BeforeID > 0 {
		add("id < ?", f.BeforeID)
	}
	q := `SELECT ` + bookingCols + ` FROM bookings`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, max(f.Limit, 1))
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list bookings: %w", err)
	}
	defer rows.Close()
	var out []*booking.Booking
	for rows.Next() {
		b, err := db.scanBooking(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// lockBooking reads a booking inside tx, locking its row on MySQL.
func (db *DB) lockBooking(ctx context.Context, tx *sql.Tx, id int64) (*booking.Booking, error) {
	b, err := db.scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingCols+` FROM bookings WHERE id = ?`+db.forUpdate(), id))
	return b, notFound(err, "booking")
}

// saveBooking writes the changeable fields and bumps the version; wasHolding is whether the
// booking held a place before the change, for the person's count.
func (db *DB) saveBooking(ctx context.Context, tx *sql.Tx, b *booking.Booking, prevVersion int64, wasHolding bool) error {
	var slot any
	if b.SlotID != 0 {
		slot = b.SlotID
	}
	res, err := tx.ExecContext(ctx, `UPDATE bookings SET status = ?, version = version + 1, slot_id = ?, day = ?, session = ?, room = ?,
		leader = ?, active_key = ?, reason = ?, guidance = ?, divert_to = ?, reviewed_by = ?, reviewed_at = ?, checked_in_at = ?,
		called_at = ?, visited_at = ?, queue = ?, updated_at = ? WHERE id = ? AND version = ?`,
		b.Status, slot, string(b.Day), b.Session, b.Room, b.Leader, activeKey(b), truncate(b.Reason, 255), truncate(b.Guidance, 255),
		b.DivertTo, b.ReviewedBy, timeOrNull(b.ReviewedAt), timeOrNull(b.CheckedInAt), timeOrNull(b.CalledAt), timeOrNull(b.VisitedAt),
		b.Queue, db.Now(), b.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("save booking %d: %w", b.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return service.NewError(service.EConflict, service.MsgAlreadyDone)
	}
	b.Version = prevVersion + 1
	if wasHolding && activeKey(b) == nil {
		if _, err := tx.ExecContext(ctx, `UPDATE booking_holders SET active = active - 1 WHERE person_key = ? AND active > 0`, b.PersonKey); err != nil {
			return fmt.Errorf("booking holder: %w", err)
		}
	}
	return nil
}

func (db *DB) Transition(ctx context.Context, id int64, t booking.Transition) (*booking.Booking, error) {
	var out *booking.Booking
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		b, err := db.lockBooking(ctx, tx, id)
		if err != nil {
			return err
		}
		if (t.Version != 0 && b.Version != t.Version) || !slices.Contains(t.From, b.Status) {
			return &service.Error{Code: service.EConflict, Message: service.MsgAlreadyDone,
				Data: map[string]any{"status": b.Status, "version": b.Version}}
		}
		prev, holding := b.Version, activeKey(b) != nil
		if t.MoveRoom != "" && t.MoveRoom != b.Room && b.SlotID != 0 {
			if err := db.moveRoom(ctx, tx, b, t.MoveRoom); err != nil {
				return err
			}
		}
		if t.Release && b.SlotID != 0 {
			if err := db.releasePlace(ctx, tx, b.SlotID); err != nil {
				return err
			}
		}
		b.Status = t.To
		if t.Set != nil {
			t.Set(b)
		}
		if err := db.saveBooking(ctx, tx, b, prev, holding); err != nil {
			return err
		}
		if len(t.CancelKinds) > 0 {
			if err := db.cancelOutbox(ctx, tx, "booking", fmt.Sprint(b.ID), t.CancelKinds...); err != nil {
				return err
			}
		}
		if t.Messages != nil {
			ms, err := t.Messages(b)
			if err != nil {
				return err
			}
			if err := db.insertOutbox(ctx, tx, ms); err != nil {
				return err
			}
		}
		out = b
		return appendAudit(ctx, tx, t.Audit)
	})
	return out, err
}

// moveRoom moves b's place to room in the same session, taking it conditionally.
func (db *DB) moveRoom(ctx context.Context, tx *sql.Tx, b *booking.Booking, room string) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM booking_slots WHERE day = ? AND session = ? AND leader = ? AND room = ?`,
		string(b.Day), b.Session, b.Leader, room).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return service.Invalid("room", "该接待室在此时段没有安排接待")
	} else if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE booking_slots SET booked = booked + 1, updated_at = ? WHERE id = ? AND closed = 0 AND booked < capacity`, db.Now(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return service.Invalid("room", room+"在此时段已满，请选择其他接待室")
	}
	if err := db.releasePlace(ctx, tx, b.SlotID); err != nil {
		return err
	}
	b.SlotID, b.Room = id, room
	return nil
}

func (db *DB) MoveBooking(ctx context.Context, id, version int64, day service.Date, session, leader string, msgs func(*booking.Booking) ([]*notify.Message, error), cancelKinds []string, audit service.AuditEntry) (*booking.Booking, error) {
	var out *booking.Booking
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		b, err := db.lockBooking(ctx, tx, id)
		if err != nil {
			return err
		}
		if b.Version != version || (b.Status != booking.StatusPending && b.Status != booking.StatusConfirmed) {
			return service.NewError(service.EConflict, service.MsgAlreadyDone)
		}
		slot, err := db.takePlace(ctx, tx, day, session, leader)
		if err != nil {
			return err
		}
		if err := db.releasePlace(ctx, tx, b.SlotID); err != nil {
			return err
		}
		b.SlotID, b.Day, b.Session, b.Room, b.Leader = slot.ID, day, session, slot.Room, leader
		if err := db.saveBooking(ctx, tx, b, version, true); err != nil {
			return err
		}
		if err := db.cancelOutbox(ctx, tx, "booking", fmt.Sprint(b.ID), cancelKinds...); err != nil {
			return err
		}
		ms, err := msgs(b)
		if err != nil {
			return err
		}
		if err := db.insertOutbox(ctx, tx, ms); err != nil {
			return err
		}
		out = b
		return appendAudit(ctx, tx, audit)
	})
	return out, err
}

func (db *DB) CheckIn(ctx context.Context, id int64, at time.Time, audit service.AuditEntry) (*booking.Booking, error) {
	var out *booking.Booking
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		b, err := db.lockBooking(ctx, tx, id)
		if err != nil {
			return err
		}
		if b.Status != booking.StatusConfirmed {
			return service.NewError(service.EConflict, service.MsgAlreadyDone)
		}
		prev := b.Version
		if b.Queue, err = db.nextQueue(ctx, tx, b.Day); err != nil {
			return err
		}
		b.Status, b.CheckedInAt = booking.StatusCheckedIn, at
		if err := db.saveBooking(ctx, tx, b, prev, true); err != nil {
			return err
		}
		if err := db.cancelOutbox(ctx, tx, "booking", fmt.Sprint(b.ID), "booking_reminder"); err != nil {
			return err
		}
		out = b
		return appendAudit(ctx, tx, audit)
	})
	return out, err
}

func (db *DB) CallNext(ctx context.Context, day service.Date, room string, at time.Time, audit service.AuditEntry) (*booking.Booking, error) {
	var out *booking.Booking
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		q := `SELECT ` + bookingCols + ` FROM bookings WHERE day = ? AND status = ? ORDER BY queue, id LIMIT 1`
		if db.Dialect == MySQL {
			q += ` FOR UPDATE SKIP LOCKED` // two rooms calling at once get two visitors
		}
		b, err := db.scanBooking(tx.QueryRowContext(ctx, q, string(day), booking.StatusCheckedIn))
		if err != nil {
			return notFound(err, "next visitor")
		}
		prev := b.Version
		b.Status, b.Room, b.CalledAt = booking.StatusCalled, room, at
		if err := db.saveBooking(ctx, tx, b, prev, false); err != nil {
			return err
		}
		out = b
		audit.TargetType, audit.TargetID = "booking", fmt.Sprint(b.ID)
		return appendAudit(ctx, tx, audit)
	})
	return out, err
}

func (db *DB) AddCall(ctx context.Context, c *booking.Call, audit service.AuditEntry) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO booking_calls (booking_id, staff, outcome, note, at) VALUES (?, ?, ?, ?, ?)`,
			c.BookingID, c.Staff, c.Outcome, service.RedactText(c.Note), c.At.UTC())
		if err != nil {
			return err
		}
		c.ID, _ = res.LastInsertId()
		return appendAudit(ctx, tx, audit)
	})
}

func (db *DB) ListCalls(ctx context.Context, bookingID int64) ([]booking.Call, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, booking_id, staff, outcome, note, at FROM booking_calls WHERE booking_id = ? ORDER BY id`, bookingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Call
	for rows.Next() {
		var c booking.Call
		if err := rows.Scan(&c.ID, &c.BookingID, &c.Staff, &c.Outcome, &c.Note, &c.At); err != nil {
			return nil, err
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

func (db *DB) AddParticipant(ctx context.Context, p *booking.Participant, msgs []*notify.Message, audit service.AuditEntry) error {
	phone, err := db.PII.Encrypt("booking_participants.phone", p.Phone)
	if err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO booking_participants (booking_id, kind, unit, user_id, contact, phone_enc, phone_mask, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.BookingID, p.Kind, p.Unit, p.UserID, truncate(p.Contact, 64), phone, p.PhoneMask, p.CreatedAt.UTC())
		if err != nil {
			return err
		}
		p.ID, _ = res.LastInsertId()
		if err := db.insertOutbox(ctx, tx, msgs); err != nil {
			return err
		}
		return appendAudit(ctx, tx, audit)
	})
}

func (db *DB) ListParticipants(ctx context.Context, bookingID int64) ([]booking.Participant, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, booking_id, kind, unit, user_id, contact, phone_mask, created_at FROM booking_participants
		WHERE booking_id = ? ORDER BY id`, bookingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []booking.Participant
	for rows.Next() {
		var p booking.Participant
		if err := rows.Scan(&p.ID, &p.BookingID, &p.Kind, &p.Unit, &p.UserID, &p.Contact, &p.PhoneMask, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.CreatedAt = p.CreatedAt.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

func (db *DB) BookingStats(ctx context.Context, from, to service.Date) (booking.Stats, error) {
	var st booking.Stats
	rows, err := db.QueryContext(ctx, `SELECT status, channel, reviewed_at IS NOT NULL, COUNT(*) FROM bookings WHERE day >= ? AND day <= ?
		GROUP BY status, channel, reviewed_at IS NOT NULL`, string(from), string(to))
	if err != nil {
		return st, fmt.Errorf("booking stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var status, channel string
		var reviewed bool
		var n int
		if err := rows.Scan(&status, &channel, &reviewed, &n); err != nil {
			return st, err
		}
		walkIn := channel == booking.ViaWalkIn
		if !walkIn {
			st.Bookings += n
			if reviewed {
				st.Reviewed += n
			}
		}
		switch status {
		case booking.StatusPending:
			st.Pending += n
		case booking.StatusConfirmed:
			st.Confirmed += n
		case booking.StatusCheckedIn, booking.StatusCalled, booking.StatusVisited:
			st.Visited += n
			if !walkIn {
				st.Confirmed += n
			}
		case booking.StatusNoShow:
			st.NoShows += n
			st.Confirmed += n
		case booking.StatusDiverted:
			st.Diverted += n
		case booking.StatusResolved:
			st.Resolved += n
		case booking.StatusDeclined:
			st.Declined += n
		case booking.StatusCancelled:
			st.Cancelled += n
		}
	}
	return st, rows.Err()
}

func (db *DB) DueNoShows(ctx context.Context, today service.Date, ended map[service.Date][]string) ([]*booking.Booking, error) {
	q := `SELECT ` + bookingCols + ` FROM bookings WHERE status = ? AND (day < ?`
	args := []any{booking.StatusConfirmed, string(today)}
	if sessions := ended[today]; len(sessions) > 0 {
		q += ` OR (day = ? AND session IN (?` + strings.Repeat(", ?", len(sessions)-1) + `))`
		args = append(args, string(today))
		for _, s := range sessions {
			args = append(args, s)
		}
	}
	q += `) ORDER BY id LIMIT 500`
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*booking.Booking
	for rows.Next() {
		b, err := db.scanBooking(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
