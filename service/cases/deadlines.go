package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// Deadline kinds: the time limits staff must keep (the citizen's own windows — to ask for 复查
// or 复核, to rate — are counted from the case and not tracked here).
const (
	DeadlineAssign        = "assign"         // 转送交办: 15 days from receipt
	DeadlineAccept        = "accept"         // 告知是否受理: 15 days from receipt
	DeadlineReply         = "reply"          // 办结答复: 60 days from acceptance (+ one extension)
	DeadlineReviewAnswer  = "review_answer"  // 复查答复: 30 days from the request
	DeadlineRecheckAnswer = "recheck_answer" // 复核答复: 30 days from the request
	// The citizen's windows.
	WindowReviewRequest  = "review_request"  // 30 days from the reply
	WindowRecheckRequest = "recheck_request" // 30 days from the 复查 answer
)

// DeadlineKinds are the rules deadlines.yaml must give.
var DeadlineKinds = []string{DeadlineAssign, DeadlineAccept, DeadlineReply, WindowReviewRequest, DeadlineReviewAnswer,
	WindowRecheckRequest, DeadlineRecheckAnswer}

// Deadline states.
const (
	DeadlineOpen      = "open"
	DeadlineMet       = "met"
	DeadlineCancelled = "cancelled"
)

// Rule is one legal time limit: how many calendar days, from what, and why.
type Rule struct {
	Kind  string
	Name  string
	Days  int
	From  string
	Basis string
}

// Rules are the case lifecycle's time limits (configs/deadlines.yaml) on the working-day
// calendar.
type Rules struct {
	ByKind           map[string]Rule
	ExtensionMaxDays int
	// ReminderDays are the days before a deadline its owner is reminded, largest first.
	ReminderDays []int
	ReminderTime string // "09:00" Beijing
	RatingDays   int
	RestDayBasis string
	Cal          *service.Calendar
}

// Due is the last day of a period of days starting at start: the day it starts on is not
// counted, and a last day that is a rest day moves to the next working day.
func (r *Rules) Due(start time.Time, days int) service.Date {
	d := service.DateOf(start).AddDays(days)
	if !r.Cal.IsWorkday(d) {
		d = r.Cal.NextWorkday(d)
	}
	return d
}

// DueOf is the last day of rule kind counted from start.
func (r *Rules) DueOf(kind string, start time.Time) service.Date {
	return r.Due(start, r.ByKind[kind].Days)
}

// Deadline is one time limit of one case, with where its reminders and escalation stand.
type Deadline struct {
	ID      int64        `json:"id"`
	CaseID  int64        `json:"case_id"`
	Kind    string       `json:"kind"`
	StartAt time.Time    `json:"start_at"`
	Due     service.Date `json:"due"`
	State   string       `json:"state"`
	MetAt   time.Time    `json:"met_at,omitzero"`
	// Stage counts the actions taken: reminders sent (one per ReminderDays), then the
	// escalation.
	Stage  int       `json:"stage"`
	NextAt time.Time `json:"-"`
	// Filled when claimed by the deadline pass.
	CaseNo, Owner, Office string `json:"-"`
}

// Deadline risks, as staff pages flag them.
const (
	RiskMet     = "met" // kept
	RiskOK      = "ok"  // more than the first reminder's days left
	RiskDueSoon = "due_soon"
	RiskOverdue = "overdue"
	RiskLate    = "late"      // met, but after its due day
	RiskOff     = "cancelled" // no longer applies
)

// Risk says how a deadline stands at now.
func (r *Rules) Risk(d Deadline, now time.Time) string {
	switch d.State {
	case DeadlineCancelled:
		return RiskOff
	case DeadlineMet:
		if service.DateOf(d.MetAt) > d.Due {
			return RiskLate
		}
		return RiskMet
	}
	today := service.DateOf(now)
	switch {
	case today > d.Due:
		return RiskOverdue
	case len(r.ReminderDays) > 0 && today >= d.Due.AddDays(-r.ReminderDays[0]):
		return RiskDueSoon
	default:
		return RiskOK
	}
}

// plan sets d's next action: the next reminder not yet sent, then the escalation at the start
// of the day after the due day; nothing once the deadline is met or cancelled.
func (r *Rules) plan(d *Deadline) {
	d.NextAt = time.Time{}
	if d.State != DeadlineOpen {
		return
	}
	n := len(r.ReminderDays)
	switch {
	case d.Stage < n:
		d.NextAt = r.reminderAt(d.Due, d.Stage)
	case d.Stage == n:
		d.NextAt = d.Due.AddDays(1).At("00:00")
	}
}

// reminderAt is when reminder stage of a deadline due on due is sent: that many days before, at
// the reminder time — on the working day before when that day is a rest day, so the owner reads
// it at work.
func (r *Rules) reminderAt(due service.Date, stage int) time.Time {
	day := due.AddDays(-r.ReminderDays[stage])
	if !r.Cal.IsWorkday(day) {
		day = r.Cal.PrevWorkday(day)
	}
	return day.At(r.ReminderTime)
}

// newDeadline is an open deadline of kind for case c, counted from start.
func (r *Rules) newDeadline(c *Case, kind string, start time.Time) Deadline {
	d := Deadline{CaseID: c.ID, Kind: kind, StartAt: start, Due: r.DueOf(kind, start), State: DeadlineOpen}
	r.plan(&d)
	return d
}

// Reminder tells a case's owner (or its office, while it has none) that a deadline is near.
type Reminder struct {
	ID         int64        `json:"id"`
	CaseID     int64        `json:"case_id"`
	CaseNo     string       `json:"case_no"`
	DeadlineID int64        `json:"deadline_id"`
	Stage      int          `json:"stage"`
	Kind       string       `json:"kind"`
	Name       string       `json:"name"` // the deadline's name (告知是否受理…)
	Due        service.Date `json:"due"`
	Owner      string       `json:"owner"`
	Office     string       `json:"office"`
	CreatedAt  time.Time    `json:"created_at"`
}

// Supervision states and kinds.
const (
	SupervisionOpen     = "open"
	SupervisionAnswered = "answered"

	SuperviseOverdue = "overdue"   // a deadline was missed (escalated by the deadline pass)
	SuperviseManual  = "requested" // a supervisor asked
)

// Supervision is a 督办单: who asked what of whom and when, the answer and the outcome.
type Supervision struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"case_id"`
	CaseNo      string    `json:"case_no,omitempty"`
	DeadlineID  int64     `json:"deadline_id,omitempty"`
	Kind        string    `json:"kind"`
	State       string    `json:"state"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	Request     string    `json:"request"`
	Answer      string    `json:"answer,omitempty"`
	AnsweredBy  string    `json:"answered_by,omitempty"`
	AnsweredAt  time.Time `json:"answered_at,omitzero"`
	Outcome     string    `json:"outcome,omitempty"`
}

// PassResult counts what one deadline pass did.
type PassResult struct {
	Reminders   int `json:"reminders"`
	Escalations int `json:"escalations"`
	Checked     int `json:"checked"`
}

// DeadlinePass handles every deadline whose next action is due at now: it reminds the owner
// (3 and 1 days before, by default) and escalates a missed deadline to the supervisors with a
// 督办单. Deadlines are claimed in batches that other instances skip, and each reminder and
// escalation has a unique key, so running the pass on every instance at once does each thing
// once. A pass after a stop catches up: it sends the latest reminder due (not every missed
// one), or escalates when the deadline passed meanwhile.
func (s *Service) DeadlinePass(ctx context.Context, now time.Time) (PassResult, error) {
	var total PassResult
	for {
		var res PassResult
		err := s.Store.InTx(ctx, func(tx Tx) error {
			res = PassResult{}
			due, err := tx.ClaimDeadlines(now, passBatch)
			if err != nil || len(due) == 0 {
				return err
			}
			var reminders []*Reminder
			for i := range due {
				rem, err := s.advance(tx, &due[i], now, &res)
				if err != nil {
					return err
				}
				if rem != nil {
					reminders = append(reminders, rem)
				}
			}
			if res.Reminders, err = tx.InsertReminders(reminders); err != nil {
				return err
			}
			res.Checked = len(due)
			return tx.UpdateDeadlines(due)
		})
		if err != nil {
			return total, err
		}
		total.Reminders += res.Reminders
		total.Escalations += res.Escalations
		total.Checked += res.Checked
		if res.Checked < passBatch {
			return total, nil
		}
	}
}

// passBatch is how many due deadlines one transaction of the pass claims: its reminders are one
// INSERT and its new stages one UPDATE, a handful of round trips per batch.
const passBatch = 200

// advance takes deadline d's actions due at now: the escalation is written at once (its 督办单
// number goes on the timeline), the reminder is returned for the batch; d's next action is set.
func (s *Service) advance(tx Tx, d *Deadline, now time.Time, res *PassResult) (*Reminder, error) {
	r := s.Rules
	n := len(r.ReminderDays)
	name := r.ByKind[d.Kind].Name
	var rem *Reminder
	if !now.Before(d.Due.AddDays(1).At("00:00")) {
		sup := &Supervision{CaseID: d.CaseID, DeadlineID: d.ID, Kind: SuperviseOverdue, State: SupervisionOpen, RequestedBy: "system",
			RequestedAt: now, Request: fmt.Sprintf("“%s”期限（%s）已过，请承办人说明情况并尽快办理。", name, d.Due.Chinese())}
		inserted, err := tx.InsertSupervision(sup)
		if err != nil {
			return nil, err
		}
		if inserted {
			res.Escalations++
			if err := tx.InsertEvent(&Event{CaseID: d.CaseID, At: now, Kind: "supervised", Actor: "system",
				Detail: fmt.Sprintf("%s期限（%s）逾期，自动督办（督办单 %d）", name, d.Due.Chinese(), sup.ID)}); err != nil {
				return nil, err
			}
		}
		d.Stage = n + 1
	} else {
		// The latest reminder whose time has come (earlier ones missed while the service was
		// down are not sent late).
		stage := -1
		for i := d.Stage; i < n; i++ {
			if !now.Before(r.reminderAt(d.Due, i)) {
				stage = i
			}
		}
		if stage >= 0 {
			rem = &Reminder{CaseID: d.CaseID, DeadlineID: d.ID, Stage: stage, Kind: d.Kind, Due: d.Due, Owner: d.Owner, Office: d.Office, CreatedAt: now}
			d.Stage = stage + 1
		}
	}
	r.plan(d)
	return rem, nil
}
