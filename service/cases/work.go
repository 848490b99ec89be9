package cases

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// The units of work that change cases. Each runs in one transaction: the cases, items, index
// keys, merge records, messages and the audit entry change together or not at all.

// register writes a registration: a new case or the item joining one, its index keys, the merge
// record, the pairs for a registrar, the group links, the acknowledgement and the audit entry.
// ErrMergedMeanwhile when the case to join was merged away after the candidates were read.
func (s *Service) register(ctx context.Context, reg *Registration) error {
	return s.Store.InTx(ctx, func(tx Tx) error { return s.write(tx, reg) })
}

// write is register's work inside tx (another domain's unit of work may hold it: a visit is
// registered with the booking it came from).
func (s *Service) write(tx Tx, reg *Registration) error {
	it := reg.Item
	var c *Case
	if reg.MergeInto == 0 {
		c = reg.NewCase
		if err := tx.InsertCase(c); err != nil {
			return err
		}
		if err := s.startCase(tx, c, c.CreatedAt); err != nil {
			return err
		}
	} else {
		var err error
		if c, err = tx.LockCase(reg.MergeInto); err != nil {
			return fmt.Errorf("merge target: %w", err)
		}
		if c.Status == StatusMerged {
			return ErrMergedMeanwhile
		}
		prev := c.Version
		c.Items++
		if it.ReceivedAt.After(c.LastReceivedAt) {
			c.LastReceivedAt = it.ReceivedAt
		}
		c.RepeatAlert = c.RepeatAlert || reg.RepeatAlert
		c.NoReaccept = c.NoReaccept || reg.NoReaccept
		if c.NonPetition && reg.Recheck != "" {
			c.ScreenConfirmed = false
			c.ScreenWhy = RecheckWhy + "（“" + reg.Recheck + "”），请登记员复核是否按信访事项办理；" + c.ScreenWhy
		}
		if err := tx.UpdateCase(c, prev); err != nil {
			return err
		}
	}
	it.CaseID = c.ID
	if err := tx.InsertItem(it); err != nil {
		if errors.Is(err, service.ErrDuplicate) {
			return &service.Error{Code: service.EConflict, Field: "external_id", Message: "该 external_id 已登记", Err: err}
		}
		return err
	}
	if err := tx.InsertKeys(it.ID, c.ID, it.ReceivedAt, reg.Keys); err != nil {
		return err
	}
	now := s.Now()
	if reg.MergeInto != 0 {
		m := &Merge{CaseID: c.ID, ItemID: it.ID, Reasons: strings.Split(reg.MergeReasons, "；"), Person: reg.Person, Matter: reg.Matter,
			Actor: "auto", At: now}
		if err := tx.InsertMerge(m); err != nil {
			return err
		}
	}
	for _, r := range reg.Reviews {
		if err := tx.InsertReview(&DedupReview{ItemID: it.ID, CaseID: c.ID, CandidateCaseID: r.CandidateCaseID,
			Reasons: strings.Split(r.Reasons, "；"), Person: r.Person, Matter: r.Matter, Status: "pending", CreatedAt: now}); err != nil {
			return err
		}
	}
	if len(reg.Links) > 0 {
		if err := tx.Link(c, reg.Links); err != nil {
			return err
		}
	}
	if reg.Messages != nil {
		ms, err := reg.Messages(c)
		if err != nil {
			return err
		}
		if err := tx.AppendOutbox(ms...); err != nil {
			return err
		}
	}
	reg.Audit.TargetID = fmt.Sprint(c.ID)
	reg.Case = c
	return tx.AppendAudit(reg.Audit)
}

// startCase opens a new case's first deadlines (转送交办 and 告知是否受理, counted from its
// receipt) or, for a matter screened out, tells the timeline where the citizen was sent.
func (s *Service) startCase(tx Tx, c *Case, at time.Time) error {
	if c.NonPetition {
		return tx.InsertEvent(&Event{CaseID: c.ID, At: at, Kind: "screened", Actor: "system", Public: true,
			Text: "经审查，该事项不属于信访事项。" + c.ScreenGuidance, Detail: "筛查：" + s.ScreenKindNames()[c.ScreenKind]})
	}
	for _, kind := range []string{DeadlineAssign, DeadlineAccept} {
		d := s.Rules.newDeadline(c, kind, c.ReceivedAt)
		if err := tx.UpsertDeadline(&d); err != nil {
			return err
		}
	}
	return nil
}

// update runs change on case id (locked) in one unit of work and saves it: version checked
// against version (0: any), route recorded when given, audited.
func (s *Service) update(ctx context.Context, id, version int64, change func(tx Tx, c *Case) error, route string, audit service.AuditEntry) (*Case, error) {
	var out *Case
	err := s.Store.InTx(ctx, func(tx Tx) error {
		c, err := tx.LockCase(id)
		if err != nil {
			return err
		}
		if version != 0 && c.Version != version {
			return &service.Error{Code: service.EConflict, Message: service.MsgAlreadyDone, Data: map[string]any{"version": c.Version}}
		}
		prev := c.Version
		if err := change(tx, c); err != nil {
			return err
		}
		if err := tx.UpdateCase(c, prev); err != nil {
			return err
		}
		if route != "" {
			if err := tx.InsertRoute(c.ID, c.Office, c.Owner, route, audit.Actor); err != nil {
				return err
			}
		}
		out = c
		return tx.AppendAudit(audit)
	})
	return out, err
}

// mergeInto moves every item of case from into target, recording each move with its reasons
// and scores, and marks from merged.
func mergeInto(tx Tx, target, from int64, reasons []string, person, matter float64, actor string, at time.Time) error {
	f, err := tx.LockCase(from)
	if err != nil {
		return fmt.Errorf("case to merge: %w", err)
	}
	t, err := tx.LockCase(target)
	if err != nil {
		return fmt.Errorf("merge target: %w", err)
	}
	if f.Status == StatusMerged || t.Status == StatusMerged {
		return service.NewError(service.EConflict, "该事项已被合并，请刷新后查看")
	}
	items, err := tx.MoveItems(from, target)
	if err != nil {
		return err
	}
	for _, id := range items {
		if err := tx.InsertMerge(&Merge{CaseID: target, ItemID: id, FromCaseID: from, Reasons: reasons, Person: person, Matter: matter,
			Actor: actor, At: at}); err != nil {
			return err
		}
	}
	prev := t.Version
	t.Items += len(items)
	if err := tx.UpdateCase(t, prev); err != nil {
		return err
	}
	prev = f.Version
	f.Status, f.Items = StatusMerged, 0
	if err := tx.EndDeadlines(f.ID, nil, DeadlineCancelled, at); err != nil {
		return err
	}
	return tx.UpdateCase(f, prev)
}

// undo takes merge mergeID's item out of its case again: back into the case it came from, or
// into nc (a new case classified like the old one) when it arrived merged. It returns the case
// the item is in afterwards.
func (s *Service) undo(ctx context.Context, mergeID int64, nc *Case, actor string, audit service.AuditEntry) (*Case, error) {
	var out *Case
	err := s.Store.InTx(ctx, func(tx Tx) error {
		m, err := tx.LockMerge(mergeID)
		if err != nil {
			return err
		}
		if !m.UndoneAt.IsZero() {
			return service.NewError(service.EConflict, "该合并已撤销")
		}
		it, err := tx.LockItem(m.ItemID)
		if err != nil {
			return fmt.Errorf("merged item: %w", err)
		}
		if it.CaseID != m.CaseID {
			return service.NewError(service.EConflict, "该件已不在此事项中，请刷新后查看")
		}
		old, err := tx.LockCase(m.CaseID)
		if err != nil {
			return err
		}
		var dest *Case
		if m.FromCaseID != 0 {
			if dest, err = tx.LockCase(m.FromCaseID); err != nil {
				return err
			}
			prev := dest.Version
			restored := dest.Status == StatusMerged
			if restored {
				dest.Status = StatusRegistered
			}
			dest.Items++
			if err := tx.UpdateCase(dest, prev); err != nil {
				return err
			}
			if restored {
				if err := s.startCase(tx, dest, s.Now()); err != nil {
					return err
				}
			}
		} else {
			nc.Purpose, nc.Category, nc.Office, nc.Owner = old.Purpose, old.Category, old.Office, old.Owner
			nc.District, nc.Street, nc.Department, nc.Name, nc.Phone, nc.IDNumber = it.District, it.Street, it.Department, it.Name, it.Phone, it.IDNumber
			nc.PhoneIdx, nc.IDIdx, nc.Summary, nc.Channel, nc.Items = it.PhoneIdx, it.IDIdx, it.Content, it.Channel, 1
			nc.ReceivedAt, nc.LastReceivedAt = it.ReceivedAt, it.ReceivedAt
			nc.NonPetition = it.NonPetition
			if nc.NonPetition {
				nc.Status = StatusScreened
			}
			if err := tx.InsertCase(nc); err != nil {
				return err
			}
			if err := s.startCase(tx, nc, nc.CreatedAt); err != nil {
				return err
			}
			// The citizen learns the item is a case of its own, with its own number.
			msgs, err := s.tellCitizen(nc, "case_split", map[string]string{"date": service.DateOf(it.ReceivedAt).Short(),
				"case_no": nc.CaseNo, "query_code": nc.QueryCode})
			if err != nil {
				return err
			}
			if err := tx.AppendOutbox(msgs...); err != nil {
				return err
			}
			if err := tx.InsertEvent(&Event{CaseID: nc.ID, At: s.Now(), Kind: "split", Actor: actor, Public: true,
				Text: "经核实，该件与原合并事项不同，单独登记（编号 " + nc.CaseNo + "）", Detail: fmt.Sprintf("撤销合并 %d，从事项 %d 分出", mergeID, m.CaseID)}); err != nil {
				return err
			}
			dest = nc
		}
		if err := tx.MoveItem(it.ID, m.CaseID, dest.ID); err != nil {
			return err
		}
		prev := old.Version
		old.Items--
		if err := tx.UpdateCase(old, prev); err != nil {
			return err
		}
		if err := tx.UndoMerge(mergeID, s.Now(), actor); err != nil {
			return err
		}
		out = dest
		return tx.AppendAudit(audit)
	})
	return out, err
}
