package service

import (
	"context"
	"strings"
	"unicode/utf8"
)

// UserStore keeps staff accounts. Mutations write their audit entry in the same transaction.
type UserStore interface {
	// CreateUser sets u.ID; a taken username returns an EConflict error.
	CreateUser(ctx context.Context, u *User, audit AuditEntry) error
	// UpdateUser saves every field and increments AuthVersion.
	UpdateUser(ctx context.Context, u *User, audit AuditEntry) error
	UserByID(ctx context.Context, id int64) (*User, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	ListUsers(ctx context.Context) ([]*User, error)
	CountUsers(ctx context.Context) (int, error)
}

// NewUserInput is what an admin (or `xinfang user add`) supplies for a new account.
type NewUserInput struct {
	Username    string
	DisplayName string
	Roles       []Role
	Office      string
	Department  string
}

func (in *NewUserInput) validate() error {
	name, ok := CanonicalUsername(in.Username)
	if !ok {
		return Invalid("username", MsgUsernameBad)
	}
	in.Username = name
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.DisplayName == "" || utf8.RuneCountInString(in.DisplayName) > 32 {
		return Invalid("display_name", MsgDisplayName)
	}
	if len(in.Roles) == 0 {
		return Invalid("roles", MsgRoleBad)
	}
	seen := map[Role]bool{}
	var roles []Role
	for _, r := range in.Roles {
		if _, ok := ParseRole(string(r)); !ok {
			return Invalid("roles", MsgRoleBad)
		}
		if !seen[r] {
			seen[r] = true
			roles = append(roles, r)
		}
	}
	in.Roles = roles
	if seen[RoleHandler] && strings.TrimSpace(in.Office) == "" {
		return Invalid("office", MsgRoleNeedsScope)
	}
	if seen[RoleDesk] && strings.TrimSpace(in.Department) == "" {
		return Invalid("department", MsgRoleNeedsScope)
	}
	return nil
}
