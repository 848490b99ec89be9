package service

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is a staff role. An account has one or more.
type Role string

const (
	RoleAdmin      Role = "admin"      // 系统管理员: accounts, configuration
	RoleRegistrar  Role = "registrar"  // 登记员 (接访转交处): register, review bookings, merge, route
	RoleHandler    Role = "handler"    // 承办人 (协调化解一/二/三处): own and conclude cases
	RoleDesk       Role = "desk"       // 驻厅窗口: a department's desk in the hall
	RoleHall       Role = "hall"       // 大厅工作人员: check-in, call board, walk-ins
	RoleLeader     Role = "leader"     // 领导: leader reception days, dashboards
	RoleSupervisor Role = "supervisor" // 督查: overdue and risk, supervision
)

// RoleNames are the roles' Chinese names, in display order.
var RoleNames = []struct {
	Role Role
	Name string
}{
	{RoleAdmin, "系统管理员"},
	{RoleRegistrar, "登记员"},
	{RoleHandler, "承办人"},
	{RoleDesk, "驻厅窗口"},
	{RoleHall, "大厅工作人员"},
	{RoleLeader, "领导"},
	{RoleSupervisor, "督查"},
}

// ParseRole returns the role named s (English code or Chinese name).
func ParseRole(s string) (Role, bool) {
	s = strings.TrimSpace(s)
	for _, r := range RoleNames {
		if string(r.Role) == s || r.Name == s {
			return r.Role, true
		}
	}
	return "", false
}

// User is a staff account. Office scopes handlers and registrars (一处, 二处, 三处, 接访转交处);
// Department scopes desk staff (e.g. 市人力资源和社会保障局).
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	Roles              []Role
	Office             string
	Department         string
	PasswordHash       string
	MustChangePassword bool
	Disabled           bool
	// AuthVersion changes whenever the password, roles, scope or status change; sessions made
	// under an older version end.
	AuthVersion int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Has reports whether the user holds any of roles. Admins hold every role.
func (u *User) Has(roles ...Role) bool {
	if u == nil {
		return false
	}
	if slices.Contains(u.Roles, RoleAdmin) {
		return true
	}
	for _, r := range roles {
		if slices.Contains(u.Roles, r) {
			return true
		}
	}
	return false
}

// RoleList returns the roles as a comma-separated string.
func (u *User) RoleList() string {
	s := make([]string, len(u.Roles))
	for i, r := range u.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// AuditEntry is one line of the append-only audit log: who did what, to what, from where, with
// what outcome. Stores write it in the same transaction as the change it records.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	IP         string    `json:"ip"`
	Outcome    string    `json:"outcome"` // ok, denied, failed
	Detail     string    `json:"detail"`
	RequestID  string    `json:"request_id"`
}

// NewAudit fills who/where/when from the context's actor.
func NewAudit(ctx context.Context, now time.Time, action, targetType, targetID, detail string) AuditEntry {
	a := ActorFrom(ctx)
	return AuditEntry{
		At: now.UTC(), ActorID: a.UserID, Actor: a.Username, IP: a.IP, Action: action,
		TargetType: targetType, TargetID: targetID, Outcome: "ok", Detail: detail, RequestID: RequestID(ctx),
	}
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	ActorID    int64
	Action     string
	TargetType string
	TargetID   string
	Since      time.Time
	Until      time.Time
	BeforeID   int64 // paging: entries older than this id
	Limit      int
}

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

// AuditStore appends to and reads the audit log. There is no update or delete.
type AuditStore interface {
	AppendAudit(ctx context.Context, e AuditEntry) error
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
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
