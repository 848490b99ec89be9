package service

import (
	"slices"
	"strings"
	"time"
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
// HasExactly reports whether u holds role itself (admin does not imply it).
func (u *User) HasExactly(role Role) bool { return u != nil && slices.Contains(u.Roles, role) }

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
