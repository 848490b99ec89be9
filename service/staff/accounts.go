package staff

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
)

// Store keeps staff accounts and the audit log. Reads are direct; a change runs in a unit of
// work the service opens with InTx, with its audit entry.
type Store interface {
	InTx(ctx context.Context, fn func(tx Tx) error) error
	UserByID(ctx context.Context, id int64) (*service.User, error)
	UserByUsername(ctx context.Context, username string) (*service.User, error)
	ListUsers(ctx context.Context) ([]*service.User, error)
	CountUsers(ctx context.Context) (int, error)
	// AppendAudit records an event that changes nothing else (a failed login, a logout).
	AppendAudit(ctx context.Context, e service.AuditEntry) error
	ListAudit(ctx context.Context, f service.AuditFilter) ([]service.AuditEntry, error)
}

// Tx is one unit of work's row primitives.
type Tx interface {
	// InsertUser stores u and sets u.ID; service.ErrDuplicate when the name is taken.
	InsertUser(u *service.User) error
	// UpdateUser saves every field of u if it is still at u.AuthVersion (else
	// service.ErrStale), and increments AuthVersion, which ends the sessions made under it.
	UpdateUser(u *service.User) error
	AppendAudit(e service.AuditEntry) error
}

// NewUserInput is what an admin (or `xinfang user add`) supplies for a new account.
type NewUserInput struct {
	Username    string
	DisplayName string
	Roles       []service.Role
	Office      string
	Department  string
}

// validate checks in and puts its office and department in their directory form: an office by
// its code (一处 is office1), a department by its full name (市人社局 is 深圳市人力资源和社会保障局).
func (in *NewUserInput) validate(units *service.Directory) error {
	name, ok := CanonicalUsername(in.Username)
	if !ok {
		return service.Invalid("username", MsgUsernameBad)
	}
	in.Username = name
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.DisplayName == "" || utf8.RuneCountInString(in.DisplayName) > 32 {
		return service.Invalid("display_name", MsgDisplayName)
	}
	if len(in.Roles) == 0 {
		return service.Invalid("roles", MsgRoleBad)
	}
	seen := map[service.Role]bool{}
	var roles []service.Role
	for _, r := range in.Roles {
		if _, ok := service.ParseRole(string(r)); !ok {
			return service.Invalid("roles", MsgRoleBad)
		}
		if !seen[r] {
			seen[r] = true
			roles = append(roles, r)
		}
	}
	in.Roles = roles
	if seen[service.RoleHandler] && strings.TrimSpace(in.Office) == "" {
		return service.Invalid("office", MsgRoleNeedsScope)
	}
	if seen[service.RoleDesk] && strings.TrimSpace(in.Department) == "" {
		return service.Invalid("department", MsgRoleNeedsScope)
	}
	if strings.TrimSpace(in.Office) != "" {
		o, ok := units.Office(in.Office)
		if !ok {
			return service.Invalid("office", MsgOfficeUnknown)
		}
		if seen[service.RoleHandler] && !o.Handles {
			return service.Invalid("office", MsgOfficeNotHandling)
		}
		in.Office = o.Code
	}
	if strings.TrimSpace(in.Department) != "" {
		u, ok := units.Unit(in.Department)
		if !ok {
			return service.Invalid("department", MsgDepartmentUnknown)
		}
		in.Department = u.Name
	}
	return nil
}
