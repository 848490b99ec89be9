package cases

import (
	"context"
	"fmt"
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
	Kind        string    `json:"kind"` // litigation, neighbour, property, or petition
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	WithdrawnBy string    `json:"withdrawn_by,omitempty"`
	WithdrawnAt time.Time `json:"withdrawn_at,omitzero"`
	Features    []byte    `json:"-"`
}

// ScreenKindNames name the screening kinds (and 信访事项) for people.
var ScreenKindNames = map[string]string{"litigation": "诉讼、判决执行", "neighbour": "邻里纠纷", "property": "物业纠纷", "petition": "信访事项"}

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
	why := fmt.Sprintf("与已人工认定为%s的事项相似（%s，相似度 %.2f）", ScreenKindNames[best.Kind], best.CaseNo, bestSim)
	switch {
	case best.Kind == "petition":
		// A registrar said such a matter is a petition: never screened out.
		p.screen = match.Screening{Uncertain: p.screen.NonPetition || p.screen.Uncertain, Kind: p.screen.Kind, Why: why}
	case bestSim >= exampleFollow:
		p.screen = match.Screening{NonPetition: true, Kind: best.Kind, Reason: screenGuidance[best.Kind] + "（" + why + "）"}
	default:
		if !p.screen.NonPetition {
			p.screen = match.Screening{Uncertain: true, Kind: best.Kind, Why: why + "，请登记员确认"}
		}
	}
	return nil
}

// screenGuidance is the channel each screening kind sends the citizen to.
var screenGuidance = map[string]string{}

func init() {
	for _, kind := range []string{"litigation", "neighbour", "property"} {
		screenGuidance[kind] = match.Guidance(kind)
	}
}

// ScreenExamples lists the examples (withdrawn ones too when all), newest first. Registrars.
func (s *Service) ScreenExamples(ctx context.Context, all bool) ([]ScreenExample, error) {
	if _, err := service.RequireStaff(ctx, service.RoleRegistrar); err != nil {
		return nil, err
	}
	return s.Store.ScreenExamples(ctx, all, 500)
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
