package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
)

// Visits are cases too: a reception at the hall (booked or walk-in), and a booking settled
// before the visit, are registered as items of the visit channel — through the same matcher,
// inside the booking's own unit of work.

// How a booking ended, as its visit item records it.
const (
	VisitReceived = "received" // received at the hall
	VisitResolved = "resolved" // settled during the booking (预约期间已化解)
	VisitDiverted = "diverted" // sent to another channel (分流)
)

// VisitInput is one visit to register.
type VisitInput struct {
	BookingCode                          string
	Name, Phone, IDNumber                string
	OpenID, OpenIDKind                   string // the booking's WeChat identity (notify.ChannelWeChat or ChannelMP)
	District, Street, Department, Matter string
	At                                   time.Time
	Outcome                              string
	// Text is what was done (resolved) or where the citizen was sent (diverted).
	Text  string
	Actor string
}

// VisitPlan is a visit whose registration is decided (candidates read, case chosen), ready to
// be written in the booking's unit of work.
type VisitPlan struct {
	s   *Service
	in  VisitInput
	reg *Registration
	dup *RegisterResult
}

// PlanVisit validates a visit and reads what registering it needs. The booking code is the
// item's external id, so a booking is registered once however often it is planned.
func (s *Service) PlanVisit(ctx context.Context, v VisitInput) (*VisitPlan, error) {
	switch v.Outcome {
	case VisitReceived, VisitResolved, VisitDiverted:
	default:
		return nil, fmt.Errorf("visit outcome %q", v.Outcome)
	}
	in := ItemInput{ExternalID: "booking:" + v.BookingCode, Channel: ChannelVisit, ReceivedAt: v.At, Name: v.Name, Phone: v.Phone,
		IDNumber: v.IDNumber, District: v.District, Street: v.Street, Department: v.Department, Content: v.Matter,
		BookingCode: v.BookingCode, NotifyOpenID: v.OpenID, NotifyOpenIDKind: v.OpenIDKind,
		// A citizen received at the hall gets the case number and query code; one whose booking
		// was settled was told so by the booking's SMS.
		Quiet: v.Outcome != VisitReceived}
	p, err := s.Prepare(in)
	if err != nil {
		return nil, err
	}
	reg, dup, err := s.plan(ctx, p)
	if err != nil {
		return nil, err
	}
	return &VisitPlan{s: s, in: v, reg: reg, dup: dup}, nil
}

// Write registers the visit in tx and applies its outcome to a case it started: a booking
// settled before the visit closes it, a diverted one is not accepted, with the channel given
// (the citizen had the booking's SMS). A visit joining an earlier case adds to its timeline only.
// ErrMergedMeanwhile when the case to join was merged away since the plan: plan again.
func (v *VisitPlan) Write(tx Tx) (*Case, error) {
	if v.dup != nil {
		return v.dup.Case, nil
	}
	s, in := v.s, v.in
	if err := s.write(tx, v.reg); err != nil {
		return nil, err
	}
	c := v.reg.Case
	if v.reg.MergeInto != 0 {
		return c, tx.InsertEvent(&Event{CaseID: c.ID, At: in.At, Kind: "visit", Actor: in.Actor, Public: true,
			Text: "来访接待（预约码 " + in.BookingCode + "）", Detail: visitDetail(in)})
	}
	if c.NonPetition {
		return c, nil
	}
	prev := c.Version
	switch in.Outcome {
	case VisitReceived:
		return c, tx.InsertEvent(&Event{CaseID: c.ID, At: in.At, Kind: "visit", Actor: in.Actor, Public: true,
			Text: "来访接待（预约码 " + in.BookingCode + "），已登记", Detail: visitDetail(in)})
	case VisitResolved:
		c.Status, c.ClosedAt = StatusClosed, in.At
		if err := tx.EndDeadlines(c.ID, nil, DeadlineMet, in.At); err != nil {
			return nil, err
		}
	case VisitDiverted:
		c.Status, c.DecidedAt = StatusNotAccepted, in.At
		c.DecisionReason, c.DecisionGuidance = "预约审核时分流办理", in.Text
		if err := tx.EndDeadlines(c.ID, nil, DeadlineMet, in.At); err != nil {
			return nil, err
		}
	}
	if err := tx.UpdateCase(c, prev); err != nil {
		return nil, err
	}
	text := map[string]string{VisitResolved: "预约期间已化解：", VisitDiverted: "预约审核时分流办理，建议您"}[in.Outcome] + in.Text
	return c, tx.InsertEvent(&Event{CaseID: c.ID, At: in.At, Kind: "visit_" + in.Outcome, Actor: in.Actor, Public: true, Text: text,
		Detail: visitDetail(in)})
}

func visitDetail(v VisitInput) string {
	return fmt.Sprintf("预约 %s %s %s", v.BookingCode, v.Outcome, service.RedactText(v.Text))
}

// openIDFor is the case's WeChat identity for notices: the one the citizen submitted through, or
// the one their booking kept.
func openIDFor(in ItemInput) (string, string) {
	switch {
	case in.NotifyOpenID != "" && (in.NotifyOpenIDKind == notify.ChannelWeChat || in.NotifyOpenIDKind == notify.ChannelMP):
		return in.NotifyOpenID, in.NotifyOpenIDKind
	case in.OpenID != "" && in.Channel == ChannelMiniProgram:
		return in.OpenID, notify.ChannelMP
	case in.OpenID != "" && (in.Channel == ChannelWeChat || in.Channel == ChannelOnline):
		return in.OpenID, notify.ChannelWeChat
	}
	return "", ""
}
