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
	out, err := queryAll(ctx, db, scanSlot, `SELECT `+slotCols+` FROM booking_slots WHERE day >= ? AND day <= ? ORDER BY day, session, leader, room`,
		string(from), string(to))
	if err != nil {
		return nil, fmt.Errorf("list slots: %w", err)
	}
	return out, nil
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

const bookingCols = `id, code, status, version, slot_id, day, session, room, leader, name, phone_enc, id_enc, person_key, openid,
	openid_kind, channel, matter_enc, matter_key, district, street, department, history, earlier_cases, reason, guidance, divert_to,
	reviewed_by, reviewed_at, checked_in_at, called_at, visited_at, queue, created_at, updated_at, case_id, visitors`

func (db *DB) scanBooking(s scanner) (*booking.Booking, error) {
	var b booking.Booking
	var slot sql.NullInt64
	var day, phone, idn, matter string
	var reviewed, checked, called, visited sql.NullTime
	var caseID sql.NullInt64
	if err := s.Scan(&b.ID, &b.Code, &b.Status, &b.Version, &slot, &day, &b.Session, &b.Room, &b.Leader, &b.Name, &phone, &idn,
		&b.PersonKey, &b.OpenID, &b.OpenIDKind, &b.Channel, &matter, &b.MatterKey, &b.District, &b.Street, &b.Department, &b.History,
		&b.EarlierCases, &b.Reason, &b.Guidance, &b.DivertTo, &b.ReviewedBy, &reviewed, &checked, &called, &visited, &b.Queue,
		&b.CreatedAt, &b.UpdatedAt, &caseID, &b.Visitors); err != nil {
		return nil, err
	}
	b.CaseID = caseID.Int64
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
	var c conds
	c.add(f.Status != "", "status = ?", f.Status)
	c.add(f.Day != "", "day = ?", string(f.Day))
	c.add(f.From != "", "day >= ?", string(f.From))
	c.add(f.To != "", "day <= ?", string(f.To))
	c.add(f.Department != "", "department = ?", f.Department)
	c.add(f.PersonKey != "", "person_key = ?", f.PersonKey)
	c.add(f.OpenID != "", "openid = ?", f.OpenID)
	c.add(f.BeforeID > 0, "id < ?", f.BeforeID)
	q, args := c.query(`SELECT `+bookingCols+` FROM bookings`, `ORDER BY id DESC LIMIT ?`, max(f.Limit, 1))
	out, err := queryAll(ctx, db, db.scanBooking, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list bookings: %w", err)
	}
	return out, nil
}

func (db *DB) ListCalls(ctx context.Context, bookingID int64) ([]booking.Call, error) {
	return queryAll(ctx, db, func(s scanner) (booking.Call, error) {
		var c booking.Call
		err := s.Scan(&c.ID, &c.BookingID, &c.Staff, &c.Outcome, &c.Note, &c.At)
		c.At = c.At.UTC()
		return c, err
	}, `SELECT id, booking_id, staff, outcome, note, at FROM booking_calls WHERE booking_id = ? ORDER BY id`, bookingID)
}

func (db *DB) ListParticipants(ctx context.Context, bookingID int64) ([]booking.Participant, error) {
	return queryAll(ctx, db, func(s scanner) (booking.Participant, error) {
		var p booking.Participant
		err := s.Scan(&p.ID, &p.BookingID, &p.Kind, &p.Unit, &p.UserID, &p.Contact, &p.PhoneMask, &p.CreatedAt)
		p.CreatedAt = p.CreatedAt.UTC()
		return p, err
	}, `SELECT id, booking_id, kind, unit, user_id, contact, phone_mask, created_at FROM booking_participants
		WHERE booking_id = ? ORDER BY id`, bookingID)
}

func (db *DB) BookingStats(ctx context.Context, from, to service.Date) (booking.Stats, error) {
	var st booking.Stats
	err := eachRow(ctx, db, func(s scanner) error {
		var status, channel string
		var reviewed bool
		var n int
		if err := s.Scan(&status, &channel, &reviewed, &n); err != nil {
			return err
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
		return nil
	}, `SELECT status, channel, reviewed_at IS NOT NULL, COUNT(*) FROM bookings WHERE day >= ? AND day <= ?
		GROUP BY status, channel, reviewed_at IS NOT NULL`, string(from), string(to))
	if err != nil {
		return st, fmt.Errorf("booking stats: %w", err)
	}
	return st, nil
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
	return queryAll(ctx, db, db.scanBooking, q, args...)
}
