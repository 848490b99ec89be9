package handler

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/service/staff"
)

// The administrator's pages: accounts (office and department picked from the directory of
// units), the outbox with retry, the audit log and the configuration in force.

type usersPage struct {
	Users    []*service.User
	Roles    []option
	Offices  []service.Office
	Units    []service.Unit
	In       staff.NewUserInput
	InRoles  map[string]bool
	Password string // a new account's or a reset's one-time password, shown once
	For      string
}

func (s *Server) usersPage(c *gin.Context) { s.renderUsers(c, usersPage{}, nil) }

func (s *Server) renderUsers(c *gin.Context, d usersPage, formErr error) {
	users, err := s.Auth.ListUsers(c.Request.Context())
	if err != nil {
		s.errorPage(c, err)
		return
	}
	d.Users = users
	for _, r := range service.RoleNames {
		d.Roles = append(d.Roles, option{string(r.Role), r.Name})
	}
	if s.Units != nil {
		d.Offices, d.Units = s.Units.Offices(), s.Units.Units()
	}
	if formErr != nil {
		s.staffPageError(c, "admin_users", "账户", d, formErr)
		return
	}
	s.staffPage(c, http.StatusOK, "admin_users", "账户", d)
}

func (s *Server) createUserForm(c *gin.Context) {
	in := staff.NewUserInput{Username: c.PostForm("username"), DisplayName: c.PostForm("display_name"), Office: c.PostForm("office"),
		Department: c.PostForm("department")}
	picked := map[string]bool{}
	for _, r := range c.PostFormArray("roles") {
		role, ok := service.ParseRole(r)
		if !ok {
			s.renderUsers(c, usersPage{In: in, InRoles: picked}, service.Invalid("roles", staff.MsgRoleBad))
			return
		}
		picked[r] = true
		in.Roles = append(in.Roles, role)
	}
	u, pw, err := s.Auth.CreateUser(c.Request.Context(), in)
	if err != nil {
		if service.ErrorCode(err) == service.EForbidden {
			s.errorPage(c, err)
			return
		}
		s.renderUsers(c, usersPage{In: in, InRoles: picked}, err)
		return
	}
	c.Request.URL.RawQuery = "done=user_created"
	s.renderUsers(c, usersPage{Password: pw, For: u.Username}, nil)
}

func (s *Server) resetPasswordForm(c *gin.Context) {
	name := c.Param("username")
	pw, err := s.Auth.ResetPassword(c.Request.Context(), name)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	c.Request.URL.RawQuery = "done=password_reset"
	s.renderUsers(c, usersPage{Password: pw, For: name}, nil)
}

func (s *Server) setDisabledForm(disabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, err := s.Auth.SetDisabled(c.Request.Context(), c.Param("username"), disabled); err != nil {
			s.errorPage(c, err)
			return
		}
		done := "enabled"
		if disabled {
			done = "disabled"
		}
		redirectDone(c, "/admin/users", done)
	}
}

func (s *Server) outboxPage(c *gin.Context) {
	f := notify.Filter{Status: c.Query("status"), Kind: c.Query("kind"), BeforeID: queryInt(c, "before_id"), Limit: 100}
	msgs, err := s.Outbox.List(c.Request.Context(), f)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	views := make([]outboxJSON, len(msgs))
	for i, m := range msgs {
		views[i] = s.outboxView(m)
	}
	next := ""
	if len(msgs) == f.Limit {
		next = strconv.FormatInt(msgs[len(msgs)-1].ID, 10)
	}
	s.staffPage(c, http.StatusOK, "admin_outbox", "消息", gin.H{"Messages": views, "Status": f.Status, "Kind": f.Kind, "Next": next})
}

func (s *Server) requeueForm(c *gin.Context, id int64) {
	if err := s.Outbox.Requeue(c.Request.Context(), id); err != nil {
		s.errorPage(c, err)
		return
	}
	redirectDone(c, "/admin/outbox", "requeued")
}

func (s *Server) auditPage(c *gin.Context) {
	f := service.AuditFilter{Action: c.Query("action"), TargetType: c.Query("target_type"), TargetID: c.Query("target_id"),
		BeforeID: queryInt(c, "before_id"), Limit: 100}
	list, err := s.Auth.ListAudit(c.Request.Context(), f)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	next := ""
	if len(list) == f.Limit {
		next = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	s.staffPage(c, http.StatusOK, "admin_audit", "审计日志", gin.H{"Entries": list, "F": f, "Next": next})
}

// settingsPage shows the configuration in force: the directory of units, routing, the holiday
// calendar, deadlines and SMS templates. They are data files deployed with the service
// (configs/*.yaml, replaceable in XF_CONFIG_DIR), checked at start-up; rooms and capacities are
// changed on the schedule page.
func (s *Server) settingsPage(c *gin.Context) {
	if !currentUser(c).Has(service.RoleAdmin) {
		s.errorPage(c, service.Errorf(service.EForbidden, service.MsgForbidden))
		return
	}
	type tpl struct{ Kind, Text string }
	var tpls []tpl
	if s.Templates != nil {
		for kind, t := range s.Templates.ByKind {
			tpls = append(tpls, tpl{kind, t.Code + "：" + t.Text})
		}
	}
	sort.Slice(tpls, func(i, j int) bool { return tpls[i].Kind < tpls[j].Kind })
	d := gin.H{"Templates": tpls, "Opt": s.caseOptions(), "Booking": s.Booking.Config(), "Screening": s.Cases.ScreenKinds()}
	if s.Rules != nil {
		d["Rules"], d["Kinds"] = s.Rules, cases.DeadlineKinds
	}
	if s.Calendar != nil {
		d["Holidays"] = s.Calendar.Years()
	}
	s.staffPage(c, http.StatusOK, "admin_settings", "配置", d)
}

// supervisionPage lists 督办单 for supervisors and leaders, open ones first.
func (s *Server) supervisionPage(c *gin.Context) {
	ctx := c.Request.Context()
	open, err := s.Cases.Supervisions(ctx, cases.SupervisionOpen, 200)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	answered, err := s.Cases.Supervisions(ctx, cases.SupervisionAnswered, 100)
	if err != nil {
		s.errorPage(c, err)
		return
	}
	overdue, err := s.Cases.List(ctx, cases.Filter{Risk: "overdue", Limit: 100})
	if err != nil {
		s.errorPage(c, err)
		return
	}
	soon, err := s.Cases.List(ctx, cases.Filter{Risk: "due_soon", Limit: 100})
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.staffPage(c, http.StatusOK, "admin_supervision", "督办", gin.H{"Open": open, "Answered": answered, "Overdue": overdue, "Soon": soon})
}
