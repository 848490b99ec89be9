package cases

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases/match"
)

// Learning from the registrars: a registrar's screening decision that overrides the rules (or
// confirms a doubtful one) is kept as a labelled example; a later item whose matter text is
// close to it follows the decision and says so. Examples are audited and can be withdrawn.

// ScreenExample is one registrar's screening decision kept as an example.
type ScreenExample struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"case_id"`
	CaseNo      string    `json:"case_no"`
	Kind        string    `json:"kind"` // a screening kind's key, or "petition"
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	WithdrawnBy string    `json:"withdrawn_by,omitempty"`
	WithdrawnAt time.Time `json:"withdrawn_at,omitzero"`
	Features    []byte    `json:"-"`
}

// ScreenKinds lists the kinds of non-petition matter, in the taxonomy's order.
func (s *Service) ScreenKinds() []match.KindSpec { return s.Routing.Screening.Kinds() }

// ScreenKindNames name the screening kinds of the taxonomy (and 信访事项) for people.
func (s *Service) ScreenKindNames() map[string]string {
	out := map[string]string{match.KindPetition: "信访事项"}
	for _, k := range s.Routing.Screening.Kinds() {
		out[k.Key] = k.Name
	}
	return out
}

// Similarity a later item needs to an example to follow it outright; from exampleDoubt it is
// kept as a petition and queued for the registrar with the example named.
const (
	exampleFollow = 0.6
	exampleDoubt  = 0.4
)

// followExamples adjusts a prepared item's screening by the registrars' examples.
func (s *Service) followExamples(ctx context.Context, p *Prepared) error {
	examples, err := s.Store.ScreenExamples(ctx, false, 1000)
	if err != nil {
		return err
	}
	var best *ScreenExample
	bestSim := 0.0
	for i := range examples {
		f, err := match.Unmarshal(examples[i].Features)
		if err != nil {
			continue
		}
		if sim := match.TextSimilarity(p.feats, f); sim > bestSim {
			best, bestSim = &examples[i], sim
		}
	}
	if best == nil || bestSim < exampleDoubt {
		return nil
	}
	kind, known := s.Routing.Screening.Kind(best.Kind)
	if best.Kind != match.KindPetition && !known {
		return nil // a kind the taxonomy no longer has
	}
	name := kind.Name
	if best.Kind == match.KindPetition {
		name = "信访事项"
	}
	why := fmt.Sprintf("与已人工认定为%s的事项相似（%s，相似度 %.2f）", name, best.CaseNo, bestSim)
	if p.screen.Why != "" {
		why += "；规则：" + p.screen.Why
	}
	switch {
	case best.Kind == match.KindPetition:
		// A registrar said such a matter is a petition: never screened out.
		p.screen = match.Screening{Uncertain: p.screen.NonPetition || p.screen.Uncertain, Kind: p.screen.Kind, Why: why}
	case bestSim >= exampleFollow:
		p.screen = match.Screening{NonPetition: true, Kind: best.Kind, Category: kind.Category, Why: why,
			Reason: "您反映的事项" + why[:strings.Index(why, "（")] + "。" + kind.Plain + kind.Guidance}
		p.category = kind.Category
	default:
		if !p.screen.NonPetition {
			p.screen = match.Screening{Uncertain: true, Kind: best.Kind, Why: why + "，请登记员确认"}
		}
	}
	return nil
}

// ScreenExamples lists the examples (withdrawn ones too when all), newest first. Registrars.
func (s *Service) ScreenExamples(ctx context.Context, all bool) ([]ScreenExample, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar); err != nil {
		return nil, err
	}
	return s.Store.ScreenExamples(ctx, all, 500)
}

// maxTrainingCases bounds the registrars' decisions one training reads.
const maxTrainingCases = 100000

// TrainingTexts returns the registrars' standing screening decisions as labelled texts for the
// screening model (`xinfang train-screening -examples`): every item of each decided case, a
// petition or not as the registrar last decided. A case whose last decision was withdrawn
// teaches nothing — not the earlier decision that one had overridden.
func (s *Service) TrainingTexts(ctx context.Context) ([]match.ModelExample, error) {
	exs, err := s.Store.ScreenExamples(ctx, true, maxTrainingCases)
	if err != nil {
		return nil, err
	}
	var out []match.ModelExample
	seen := map[int64]bool{}
	for _, e := range exs { // newest first: a case's last decision is the one that stands
		if seen[e.CaseID] {
			continue
		}
		seen[e.CaseID] = true
		if !e.WithdrawnAt.IsZero() {
			continue
		}
		items, err := s.Store.CaseItems(ctx, e.CaseID)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			out = append(out, match.ModelExample{Content: it.Content, Department: it.Department, Petition: e.Kind == match.KindPetition})
		}
	}
	return out, nil
}

// WithdrawScreenExample stops an example from guiding later items (audited).
func (s *Service) WithdrawScreenExample(ctx context.Context, id int64) error {
	u, err := service.RequireStaff(ctx, service.RoleRegistrar)
	if err != nil {
		return err
	}
	now := s.Now()
	return s.Store.InTx(ctx, func(tx Tx) error {
		if err := tx.WithdrawScreenExample(id, u.Username, now); err != nil {
			return err
		}
		return tx.AppendAudit(service.NewAudit(ctx, now, "screening.example.withdraw", "screen_example", fmt.Sprint(id), ""))
	})
}
