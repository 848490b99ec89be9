package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
)

// Bookings is booking.Store on the database: the reads of *DB and units of work of bookingTx.
type Bookings struct{ *DB }

var (
	_ booking.Store = Bookings{}
	_ booking.Tx    = bookingTx{}
)

func (s Bookings) InTx(ctx context.Context, fn func(tx booking.Tx) error) error {
	return s.inTx(ctx, func(t txn) error { return fn(bookingTx{t}) })
}

type bookingTx struct{ txn }

func (t bookingTx) LockBooking(id int64) (*booking.Booking, error) {
	b, err := t.db.scanBooking(t.tx.QueryRowContext(t.ctx, `SELECT `+bookingCols+` FROM bookings WHERE id = ?`+t.db.forUpdate(), id))
	return b, notFound(err, "booking")
}

func (t bookingTx) IdempotencyKey(scope, key string) (int64, bool, error) {
	var id int64
	err := t.tx.QueryRowContext(t.ctx, `SELECT booking_id FROM idempotency_keys WHERE scope = ? AND idem_key = ?`+t.db.forUpdate(), scope, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

func (t bookingTx) SaveIdempotencyKey(scope, key string, bookingID int64, proof string) error {
	_, err := t.exec(`INSERT INTO idempotency_keys (scope, idem_key, booking_id, proof, created_at) VALUES (?, ?, ?, ?, ?)`,
		scope, key, bookingID, proof, t.db.Now())
	if isDuplicate(err) {
		return fmt.Errorf("idempotency key: %w", service.ErrDuplicate)
	}
	return err
}

// HoldPlace is a conditional update of the person's own row, so concurrent bookings by one
// person cannot pass the limit together (a locking COUNT would take gap locks and deadlock).
func (t bookingTx) HoldPlace(person string, max int) (bool, error) {
	ignore := ` ON CONFLICT(person_key) DO NOTHING`
	if t.db.Dialect == MySQL {
		ignore = ` ON DUPLICATE KEY UPDATE active = active`
	}
	if _, err := t.exec(`INSERT INTO booking_holders (person_key, active) VALUES (?, 0)`+ignore, person); err != nil {
		return false, fmt.Errorf("booking holder: %w", err)
	}
	n, err := t.affected(`UPDATE booking_holders SET active = active + 1 WHERE person_key = ? AND active < ?`, person, max)
	if err != nil {
		return false, fmt.Errorf("booking holder: %w", err)
	}
	return n == 1, nil
}

func (t bookingTx) ReleaseHold(person string) error {
	_, err := t.exec(`UPDATE booking_holders SET active = active - 1 WHERE person_key = ? AND active > 0`, person)
	return err
}

// TakePlace tries the rooms with a place left in a fixed order (so concurrent bookers lock them
// in the same order), each by a conditional update.
func (t bookingTx) TakePlace(day service.Date, session, leader string) (*booking.Slot, error) {
	candidates, err := queryAll(t.ctx, t.tx, scanSlot, `SELECT `+slotCols+` FROM booking_slots WHERE day = ? AND session = ?
		AND leader = ? AND closed = 0 AND booked < capacity ORDER BY id`, string(day), session, leader)
	if err != nil {
		return nil, fmt.Errorf("find places: %w", err)
	}
	for _, sl := range candidates {
		if ok, err := t.take(sl.ID); err != nil {
			return nil, err
		} else if ok {
			sl.Booked++
			return &sl, nil
		}
	}
	return nil, nil
}

func (t bookingTx) take(slotID int64) (bool, error) {
	n, err := t.affected(`UPDATE booking_slots SET booked = booked + 1, updated_at = ? WHERE id = ? AND closed = 0 AND booked < capacity`,
		t.db.Now(), slotID)
	if err != nil {
		return false, fmt.Errorf("take place: %w", err)
	}
	return n == 1, nil
}

func (t bookingTx) TakeRoom(day service.Date, session, leader, room string) (*booking.Slot, error) {
	sl, err := scanSlot(t.tx.QueryRowContext(t.ctx, `SELECT `+slotCols+` FROM booking_slots WHERE day = ? AND session = ? AND leader = ? AND room = ?`,
		string(day), session, leader, room))
	if err != nil {
		return nil, notFound(err, "slot of room")
	}
	if ok, err := t.take(sl.ID); err != nil || !ok {
		return nil, err
	}
	sl.Booked++
	return &sl, nil
}

func (t bookingTx) ReleasePlace(slotID int64) error {
	if slotID == 0 {
		return nil
	}
	_, err := t.exec(`UPDATE booking_slots SET booked = booked - 1, updated_at = ? WHERE id = ? AND booked > 0`, t.db.Now(), slotID)
	return err
}

// activeKey is unique among bookings that hold a place: one active booking per person and
// matter. It is NULL otherwise.
func activeKey(b *booking.Booking) any {
	if booking.HoldsPlace(b.Status) {
		return b.PersonKey + ":" + b.MatterKey
	}
	return nil
}

func (t bookingTx) InsertBooking(b *booking.Booking) error {
	db := t.db
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
	res, err := t.exec(`INSERT INTO bookings (code, status, version, slot_id, day, session, room, leader, name, phone_enc,
		id_enc, id_idx, person_key, openid, openid_kind, channel, matter_enc, matter_key, active_key, district, street, department, history,
		earlier_cases, queue, checked_in_at, created_at, updated_at, case_id, visitors)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.Code, b.Status, b.Version, nullID(b.SlotID), string(b.Day), b.Session, b.Room, b.Leader, truncate(b.Name, 64), phone, idn,
		db.PII.BlindIndex("id", b.IDNumber), b.PersonKey, b.OpenID, b.OpenIDKind, b.Channel, matter, b.MatterKey, activeKey(b), b.District,
		b.Street, truncate(b.Department, 64), b.History, truncate(b.EarlierCases, 255), b.Queue, timeOrNull(b.CheckedInAt),
		b.CreatedAt.UTC(), b.UpdatedAt.UTC(), nullID(b.CaseID), max(b.Visitors, 1))
	if isDuplicate(err) {
		if strings.Contains(err.Error(), "active") {
			return fmt.Errorf("active booking of the matter: %w", service.ErrDuplicate)
		}
		return fmt.Errorf("booking code collision: %w", err)
	} else if err != nil {
		return fmt.Errorf("insert booking: %w", err)
	}
	b.ID, err = res.LastInsertId()
	return err
}

func (t bookingTx) UpdateBooking(b *booking.Booking, prevVersion int64) error {
	n, err := t.affected(`UPDATE bookings SET status = ?, version = version + 1, slot_id = ?, day = ?, session = ?, room = ?,
		leader = ?, active_key = ?, reason = ?, guidance = ?, divert_to = ?, reviewed_by = ?, reviewed_at = ?, checked_in_at = ?,
		called_at = ?, visited_at = ?, queue = ?, case_id = ?, visitors = ?, updated_at = ? WHERE id = ? AND version = ?`,
		b.Status, nullID(b.SlotID), string(b.Day), b.Session, b.Room, b.Leader, activeKey(b), truncate(b.Reason, 255), truncate(b.Guidance, 255),
		b.DivertTo, b.ReviewedBy, timeOrNull(b.ReviewedAt), timeOrNull(b.CheckedInAt), timeOrNull(b.CalledAt), timeOrNull(b.VisitedAt),
		b.Queue, nullID(b.CaseID), max(b.Visitors, 1), t.db.Now(), b.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("save booking %d: %w", b.ID, err)
	}
	if n == 0 {
		return fmt.Errorf("booking %d: %w", b.ID, service.ErrStale)
	}
	b.Version = prevVersion + 1
	return nil
}

func (t bookingTx) NextQueue(day service.Date) (int, error) {
	q := `INSERT INTO hall_queue (day, last) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1`
	if t.db.Dialect == MySQL {
		q = `INSERT INTO hall_queue (day, last) VALUES (?, 1) ON DUPLICATE KEY UPDATE last = last + 1`
	}
	if _, err := t.exec(q, string(day)); err != nil {
		return 0, fmt.Errorf("queue number: %w", err)
	}
	var n int
	err := t.tx.QueryRowContext(t.ctx, `SELECT last FROM hall_queue WHERE day = ?`, string(day)).Scan(&n)
	return n, err
}

func (t bookingTx) NextWaiting(day service.Date) (*booking.Booking, error) {
	q := `SELECT ` + bookingCols + ` FROM bookings WHERE day = ? AND status = ? ORDER BY queue, id LIMIT 1`
	if t.db.Dialect == MySQL {
		q += ` FOR UPDATE SKIP LOCKED` // two rooms calling at once get two visitors
	}
	b, err := t.db.scanBooking(t.tx.QueryRowContext(t.ctx, q, string(day), booking.StatusCheckedIn))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return b, err
}

func (t bookingTx) SetSlot(id int64, capacity int, closed bool) (*booking.Slot, bool, error) {
	n, err := t.affected(`UPDATE booking_slots SET capacity = ?, closed = ?, updated_at = ? WHERE id = ? AND booked <= ?`,
		capacity, closed, t.db.Now(), id, capacity)
	if err != nil {
		return nil, false, err
	}
	sl, err := scanSlot(t.tx.QueryRowContext(t.ctx, `SELECT `+slotCols+` FROM booking_slots WHERE id = ?`, id))
	if err != nil {
		return nil, false, notFound(err, "slot")
	}
	return &sl, n == 1, nil
}

func (t bookingTx) InsertCall(c *booking.Call) error {
	res, err := t.exec(`INSERT INTO booking_calls (booking_id, staff, outcome, note, at) VALUES (?, ?, ?, ?, ?)`,
		c.BookingID, c.Staff, c.Outcome, service.RedactText(c.Note), c.At.UTC())
	if err != nil {
		return err
	}
	c.ID, err = res.LastInsertId()
	return err
}

func (t bookingTx) InsertParticipant(p *booking.Participant) error {
	phone, err := t.db.PII.Encrypt("booking_participants.phone", p.Phone)
	if err != nil {
		return err
	}
	res, err := t.exec(`INSERT INTO booking_participants (booking_id, kind, unit, user_id, contact, phone_enc, phone_mask, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.BookingID, p.Kind, p.Unit, p.UserID, truncate(p.Contact, 64), phone, p.PhoneMask, p.CreatedAt.UTC())
	if err != nil {
		return err
	}
	p.ID, err = res.LastInsertId()
	return err
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
