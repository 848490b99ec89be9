package booking

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

// The units of work that change bookings. Each runs in one transaction: the place, the booking,
// the person's count of held places, the messages and the audit entry change together or not
// at all.

// change is a status change of a booking, applied only while the booking is still at Version
// (0: whatever version it has; system jobs) and in one of From.
type change struct {
	To      string
	From    []string
	Version int64
	// Release gives the booking's place back to its session.
	Release bool
	// Room moves the place to another room of the same session first (conditionally, like
	// booking: a field error on "room" when that room is full).
	Room string
	// Queue gives the booking the day's next queue number in the hall (check-in).
	Queue bool
	// Set makes further changes (reason, times…).
	Set func(b *Booking)
	// Messages are recorded after the change, from the changed booking.
	Messages func(b *Booking) ([]*notify.Message, error)
	// CancelKinds withdraws the booking's pending messages of these kinds (e.g. reminders).
	CancelKinds []string
	// Visit registers the booking as a visit item of a petition case, with this outcome (the
	// new status) and text (what was done, or where the citizen was sent).
	Visit     bool
	VisitText string
	Audit     service.AuditEntry
}

// Visits registers visits as petition items in the booking's own unit of work (the
// registration platform implements it).
type Visits interface {
	// PlanVisit reads what registering b's visit with outcome (the booking's new status) needs,
	// before the unit of work.
	PlanVisit(ctx context.Context, b *Booking, outcome, text string) (VisitPlan, error)
}

// VisitPlan writes a planned visit.
type VisitPlan interface {
	// Write registers the visit in tx and returns its case's id; ErrReplan when what the plan
	// read changed meanwhile.
	Write(tx Tx) (int64, error)
}

// ErrReplan: a visit's plan went stale before it was written (the case it was to join was merged
// away); the unit of work is run again with a new plan.
var ErrReplan = errors.New("visit plan stale")

// planVisit plans b's visit with outcome, when visits are registered.
func (s *Service) planVisit(ctx context.Context, b *Booking, outcome, text string) (VisitPlan, error) {
	if s.Visits == nil || b.CaseID != 0 {
		return nil, nil
	}
	return s.Visits.PlanVisit(ctx, b, outcome, text)
}

// writeVisit writes a planned visit and links b to its case.
func writeVisit(tx Tx, plan VisitPlan, b *Booking) error {
	if plan == nil {
		return nil
	}
	id, err := plan.Write(tx)
	if err != nil {
		return err
	}
	b.CaseID = id
	return nil
}

// conflict is the answer to a decision on a booking that moved on meanwhile.
func conflict(b *Booking) error {
	return &service.Error{Code: service.EConflict, Message: service.MsgAlreadyDone,
		Data: map[string]any{"status": b.Status, "version": b.Version}}
}

// apply runs c on booking id in one unit of work and returns the changed booking.
func (s *Service) apply(ctx context.Context, id int64, c change) (*Booking, error) {
	for attempt := 0; ; attempt++ {
		out, err := s.applyOnce(ctx, id, c)
		if errors.Is(err, ErrReplan) && attempt < 3 {
			continue
		}
		return out, err
	}
}

func (s *Service) applyOnce(ctx context.Context, id int64, c change) (*Booking, error) {
	var visit VisitPlan
	if c.Visit {
		b, err := s.Store.BookingByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if visit, err = s.planVisit(ctx, b, c.To, c.VisitText); err != nil {
			return nil, err
		}
	}
	var out *Booking
	err := s.Store.InTx(ctx, func(tx Tx) error {
		b, err := tx.LockBooking(id)
		if err != nil {
			return err
		}
		if (c.Version != 0 && b.Version != c.Version) || !slices.Contains(c.From, b.Status) {
			return conflict(b)
		}
		prev, holding := b.Version, HoldsPlace(b.Status)
		if c.Room != "" && c.Room != b.Room && b.SlotID != 0 {
			if err := moveRoom(tx, b, c.Room); err != nil {
				return err
			}
		}
		if c.Release && b.SlotID != 0 {
			if err := tx.ReleasePlace(b.SlotID); err != nil {
				return err
			}
		}
		if c.Queue {
			if b.Queue, err = tx.NextQueue(b.Day); err != nil {
				return err
			}
		}
		b.Status = c.To
		if c.Set != nil {
			c.Set(b)
		}
		if err := writeVisit(tx, visit, b); err != nil {
			return err
		}
		if err := save(tx, b, prev, holding); err != nil {
			return err
		}
		if len(c.CancelKinds) > 0 {
			if err := tx.CancelOutbox("booking", fmt.Sprint(b.ID), c.CancelKinds...); err != nil {
				return err
			}
		}
		if c.Messages != nil {
			msgs, err := c.Messages(b)
			if err != nil {
				return err
			}
			if err := tx.AppendOutbox(msgs...); err != nil {
				return err
			}
		}
		out = b
		return tx.AppendAudit(c.Audit)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

// save writes b if it is still at prev and gives the person's held place back when b stopped
// holding one.
func save(tx Tx, b *Booking, prev int64, wasHolding bool) error {
	if err := tx.UpdateBooking(b, prev); err != nil {
		if errors.Is(err, service.ErrStale) {
			return conflict(b)
		}
		return err
	}
	if wasHolding && !HoldsPlace(b.Status) {
		return tx.ReleaseHold(b.PersonKey)
	}
	return nil
}

// moveRoom moves b's place to room in the same session, taking it conditionally.
func moveRoom(tx Tx, b *Booking, room string) error {
	sl, err := tx.TakeRoom(b.Day, b.Session, b.Leader, room)
	switch {
	case errors.Is(err, service.ErrNotFound):
		return service.Invalid("room", "该接待室在此时段没有安排接待")
	case err != nil:
		return err
	case sl == nil:
		return service.Invalid("room", room+"在此时段已满，请选择其他接待室")
	}
	if err := tx.ReleasePlace(b.SlotID); err != nil {
		return err
	}
	b.SlotID, b.Room = sl.ID, room
	return nil
}

// create stores a new booking: the person's count of held places (at most
// MaxActiveBookings), a place in its session, the booking, its idempotency key, its messages and
// the audit entry. *ErrIdempotentReplay when the key was used before; ErrSessionFull when no
// place is left.
func (s *Service) create(ctx context.Context, b *Booking, idemScope, idemKey, idemProof string, msgs func(*Booking) ([]*notify.Message, error), audit service.AuditEntry) error {
	return s.Store.InTx(ctx, func(tx Tx) error {
		if idemKey != "" {
			if prev, found, err := tx.IdempotencyKey(idemScope, idemKey); err != nil {
				return err
			} else if found {
				return &ErrIdempotentReplay{BookingID: prev}
			}
		}
		if ok, err := tx.HoldPlace(b.PersonKey, MaxActiveBookings); err != nil {
			return err
		} else if !ok {
			return service.Invalid("phone", fmt.Sprintf("该手机号已有 %d 个待办预约，请先完成或取消后再预约", MaxActiveBookings))
		}
		sl, err := tx.TakePlace(b.Day, b.Session, b.Leader)
		if err != nil {
			return err
		}
		if sl == nil {
			return ErrSessionFull
		}
		b.SlotID, b.Room = sl.ID, sl.Room
		if err := tx.InsertBooking(b); errors.Is(err, service.ErrDuplicate) {
			return &service.Error{Code: service.EConflict, Field: "matter", Message: "您已就该事项预约，请勿重复预约；如需改期请在“我的预约”中改约", Err: err}
		} else if err != nil {
			return err
		}
		if idemKey != "" {
			if err := tx.SaveIdempotencyKey(idemScope, idemKey, b.ID, idemProof); errors.Is(err, service.ErrDuplicate) {
				return fmt.Errorf("idempotency key raced: %w", service.ErrRetry) // the next run replays the winner
			} else if err != nil {
				return err
			}
		}
		ms, err := msgs(b)
		if err != nil {
			return err
		}
		if err := tx.AppendOutbox(ms...); err != nil {
			return err
		}
		audit.TargetID = fmt.Sprint(b.ID)
		return tx.AppendAudit(audit)
	})
}

// move takes a place in another session for booking id (still at version and holding a place),
// frees its old place, withdraws the cancelKinds messages and records the new ones.
// ErrSessionFull when the session has no place left.
// move takes a place in another session for booking id and gives the old one back. review sends
// a confirmed booking back to review (the citizen chose the new time; staff confirm it again).
func (s *Service) move(ctx context.Context, id, version int64, day service.Date, session, leader string, review bool, msgs func(*Booking) ([]*notify.Message, error), cancelKinds []string, audit service.AuditEntry) (*Booking, error) {
	var out *Booking
	err := s.Store.InTx(ctx, func(tx Tx) error {
		b, err := tx.LockBooking(id)
		if err != nil {
			return err
		}
		if b.Version != version || !HoldsPlace(b.Status) {
			return conflict(b)
		}
		sl, err := tx.TakePlace(day, session, leader)
		if err != nil {
			return err
		}
		if sl == nil {
			return ErrSessionFull
		}
		if err := tx.ReleasePlace(b.SlotID); err != nil {
			return err
		}
		b.SlotID, b.Day, b.Session, b.Room, b.Leader = sl.ID, day, session, sl.Room, leader
		if review && b.Status == StatusConfirmed {
			b.Status, b.ReviewedBy, b.ReviewedAt = StatusPending, "", time.Time{}
		}
		if err := save(tx, b, version, true); err != nil {
			return err
		}
		if err := tx.CancelOutbox("booking", fmt.Sprint(b.ID), cancelKinds...); err != nil {
			return err
		}
		ms, err := msgs(b)
		if err != nil {
			return err
		}
		if err := tx.AppendOutbox(ms...); err != nil {
			return err
		}
		out = b
		return tx.AppendAudit(audit)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return out, nil
}

// record runs a unit of work that only adds rows (a call, a participant) with their messages
// and audit entry.
func (s *Service) record(ctx context.Context, insert func(tx Tx) error, msgs []*notify.Message, audit service.AuditEntry) error {
	err := s.Store.InTx(ctx, func(tx Tx) error {
		if err := insert(tx); err != nil {
			return err
		}
		if err := tx.AppendOutbox(msgs...); err != nil {
			return err
		}
		return tx.AppendAudit(audit)
	})
	if err == nil && len(msgs) > 0 {
		s.kick()
	}
	return err
}
