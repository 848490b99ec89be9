package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/szxinfang/xinfang/service"
)

// Service is the staff's view of the outbox.
type Service struct {
	Store     Store
	Templates *Templates
	Now       func() time.Time
	Kick      func()
}

// List returns messages for staff (admins, supervisors, leaders, registrars).
func (s *Service) List(ctx context.Context, f Filter) ([]*Message, error) {
	if a := service.ActorFrom(ctx); !a.System && !a.User.Has(service.RoleAdmin, service.RoleSupervisor, service.RoleLeader, service.RoleRegistrar) {
		return nil, service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	switch f.Status {
	case "", StatusPending, StatusSent, StatusDelivered, StatusUndelivered, StatusFailed, StatusCancelled:
	default:
		return nil, service.Invalid("status", "状态无效")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return s.Store.ListOutbox(ctx, f)
}

// Requeue sends a failed message again (after staff fixed the cause, e.g. the template).
func (s *Service) Requeue(ctx context.Context, id int64) error {
	if a := service.ActorFrom(ctx); !a.System && !a.User.Has(service.RoleAdmin, service.RoleSupervisor) {
		return service.Errorf(service.EForbidden, service.MsgForbidden)
	}
	now := s.Now()
	audit := service.NewAudit(ctx, now, "outbox.requeue", "outbox", fmt.Sprint(id), "")
	if err := s.Store.InTx(ctx, func(tx Tx) error {
		if ok, err := tx.Requeue(id, now); err != nil {
			return err
		} else if !ok {
			return service.Errorf(service.EConflict, "只能重发发送失败的消息")
		}
		return tx.AppendAudit(audit)
	}); err != nil {
		return err
	}
	if s.Kick != nil {
		s.Kick()
	}
	return nil
}

// Render is a message's text as the citizen reads it.
func (s *Service) Render(kind string, params map[string]string) string {
	return s.Templates.Render(kind, params)
}
