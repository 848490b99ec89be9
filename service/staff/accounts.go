package staff

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/szxinfang/xinfang/service"
)

// Store keeps staff accounts. Mutations write their audit entry in the same transaction.
type Store interface {
	// CreateUser sets u.ID; a taken username returns an EConflict error.
	CreateUser(ctx context.Context, u *service.User, audit service.AuditEntry) error
	// UpdateUser saves every field and increments AuthVersion.
	UpdateUser(ctx context.Context, u *service.User, audit service.AuditEntry) error
	UserByID(ctx context.Context, id int64) (*service.User, error)
	UserByUsername(ctx context.Context, username string) (*service.User, error)
	ListUsers(ctx context.Context) ([]*service.User, error)
	CountUsers(ctx context.Context) (int, error)
}

// NewUserInput is what an admin (or `xinfang user add`) supplies for a new account.
type NewUserInput struct {
	Username    string
	DisplayName string
	Roles       []service.Role
	Office      string
	Department  string
}

func (in *NewUserInput) validate() error {
	name, ok := CanonicalUsername(in.Username)
	if !ok {
		return service.Invalid("username", service.MsgUsernameBad)
	}
	in.Username = name
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.DisplayName == "" || utf8.RuneCountInString(in.DisplayName) > 32 {
		return service.Invalid("display_name", service.MsgDisplayName)
	}
	if len(in.Roles) == 0 {
		return service.Invalid("roles", service.MsgRoleBad)
	}
	seen := map[service.Role]bool{}
	var roles []service.Role
	for _, r := range in.Roles {
		if _, ok := service.ParseRole(string(r)); !ok {
			return service.Invalid("roles", service.MsgRoleBad)
		}
		if !seen[r] {
			seen[r] = true
			roles = append(roles, r)
		}
	}
	in.Roles = roles
	if seen[service.RoleHandler] && strings.TrimSpace(in.Office) == "" {
		return service.Invalid("office", service.MsgRoleNeedsScope)
	}
	if seen[service.RoleDesk] && strings.TrimSpace(in.Department) == "" {
		return service.Invalid("department", service.MsgRoleNeedsScope)
	}
	return nil
}
