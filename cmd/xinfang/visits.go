package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/store/sqlstore"
)

// visitDesk registers the hall's visits as petition items: it joins the booking service to the
// registration platform, inside the booking's transaction.
type visitDesk struct{ cases *cases.Service }

var visitOutcomes = map[string]string{booking.StatusVisited: cases.VisitReceived, booking.StatusResolved: cases.VisitResolved,
	booking.StatusDiverted: cases.VisitDiverted}

func (d visitDesk) PlanVisit(ctx context.Context, b *booking.Booking, status, text string) (booking.VisitPlan, error) {
	outcome, ok := visitOutcomes[status]
	if !ok {
		return nil, fmt.Errorf("visit of a booking %s", status)
	}
	at := b.VisitedAt
	if at.IsZero() {
		at = d.cases.Now()
	}
	plan, err := d.cases.PlanVisit(ctx, cases.VisitInput{BookingCode: b.Code, Name: b.Name, Phone: b.Phone, IDNumber: b.IDNumber,
		OpenID: b.OpenID, OpenIDKind: b.OpenIDKind, District: b.District, Street: b.Street, Department: b.Department, Matter: b.Matter,
		At: at, Outcome: outcome, Text: text, Actor: service.ActorFrom(ctx).Username})
	if err != nil {
		return nil, err
	}
	return visitPlan{plan}, nil
}

type visitPlan struct{ plan *cases.VisitPlan }

func (p visitPlan) Write(tx booking.Tx) (int64, error) {
	c, err := p.plan.Write(sqlstore.CasesTxOf(tx))
	if errors.Is(err, cases.ErrMergedMeanwhile) {
		return 0, booking.ErrReplan
	}
	if err != nil {
		return 0, err
	}
	return c.ID, nil
}
