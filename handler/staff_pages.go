package handler

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/booking"
	"github.com/szxinfang/xinfang/service/cases"
)

// The staff workbench: server-rendered pages on the same services as the JSON API. Every page
// reads through a service method that checks role and scope; a page only offers what the
// service would allow, and a forced request is refused there (403, audited by the service).

// pageFuncs are the template functions that need the server's data (names from the directory).
func (s *Server) pageFuncs() template.FuncMap {
	return template.FuncMap{
		"officeName":  s.officeName,
		"sessionName": s.sessionName,
		"pct": func(v *float64) string {
			if v == nil {
				return "—"
			}
			return strconv.FormatFloat(*v*100, 'f', 1, 64) + "%"
		},
		"num": func(v *float64) string {
			if v == nil {
				return "—"
			}
			return strconv.FormatFloat(*v, 'f', 1, 64)
		},
		"at": func(m map[service.Date]map[string]int, day service.Date, ch string) int { return m[day][ch] },
		"roleName": func(r service.Role) string {
			for _, x := range service.RoleNames {
				if x.Role == r {
					return x.Name
				}
			}
			return string(r)
		},
		// can reports whether u holds one of roles (admin holds every role).
		"can": func(u *service.User, roles ...string) bool {
			rs := make([]service.Role, len(roles))
			for i, r := range roles {
				rs[i] = service.Role(r)
			}
			return u.Has(rs...)
		},
		"statusName": func(status string) string { return cases.StatusNames[status] },
		"channelName": func(ch string) string {
			if n, ok := cases.ChannelNames[ch]; ok {
				return n
			}
			return ch
		},
		"actionName":    func(a string) string { return cases.ActionNames[a] },
		"highlight":     highlight,
		"mask":          service.MaskPhone,
		"bookingStatus": func(st string) string { return booking.StatusNames[st] },
		"bjdate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(service.Shanghai).Format("2006-01-02")
		},
	}
}

// navLink is one entry of the staff navigation.
type navLink struct {
	Href, Label string
	Current     bool
}

// staffNav lists the staff pages and who sees each (nil: everyone signed in).
var staffNav = []struct {
	href, label string
	roles       []service.Role
}{
	{"/admin/", "工作台", nil},
	{"/admin/cases", "信访事项", []service.Role{service.RoleRegistrar, service.RoleHandler, service.RoleLeader, service.RoleSupervisor}},
	{"/admin/cases/new", "登记", []service.Role{service.RoleRegistrar}},
	{"/admin/dedup", "判重队列", []service.Role{service.RoleRegistrar}},
	{"/admin/screening", "筛查示例", []service.Role{service.RoleRegistrar}},
	{"/admin/bookings", "预约接访", []service.Role{service.RoleRegistrar, service.RoleDesk, service.RoleLeader}},
	{"/admin/hall", "来访大厅", []service.Role{service.RoleHall, service.RoleRegistrar}},
	{"/admin/supervision", "督办", []service.Role{service.RoleSupervisor, service.RoleLeader}},
	{"/admin/dashboard", "统计", []service.Role{service.RoleRegistrar, service.RoleLeader, service.RoleSupervisor}},
	{"/admin/users", "账户", []service.Role{service.RoleAdmin}},
	{"/admin/outbox", "消息", []service.Role{service.RoleAdmin}},
	{"/admin/audit", "审计日志", []service.Role{service.RoleAdmin}},
	{"/admin/settings", "配置", []service.Role{service.RoleAdmin}},
}

// navFor is the navigation u sees on path, the longest matching entry marked current.
func navFor(u *service.User, path string) []navLink {
	var out []navLink
	best := -1
	for _, n := range staffNav {
		if n.roles != nil && !u.Has(n.roles...) {
			continue
		}
		out = append(out, navLink{Href: n.href, Label: n.label})
		if (path == n.href || strings.HasPrefix(path, n.href+"/") || (n.href == "/admin/" && path == "/admin")) &&
			(best < 0 || len(n.href) > len(out[best].Href)) {
			best = len(out) - 1
		}
	}
	if best >= 0 {
		out[best].Current = true
	}
	return out
}

// flashes are the messages a page shows after a redirect (?done=…): fixed texts, so a link
// cannot put words on our page.
var flashes = map[string]string{
	"registered": "已登记。", "merged": "已合并。", "separated": "已确认不是同一事项。", "linked": "已关联为集体访。",
	"acted": "已办理。", "edited": "已保存。", "undone": "已撤销合并。", "reviewed": "已审核。", "called": "通话已记录。",
	"participant": "已加入联合接访。", "checked_in": "已签到。", "walked_in": "已登记来访并排号。", "received": "已接待完毕。",
	"user_created": "账户已创建。", "password_reset": "密码已重置。", "disabled": "账户已停用。", "enabled": "账户已启用。",
	"requeued": "已重新发送。", "called_next": "已叫号。", "withdrawn": "示例已撤回，不再影响以后的筛查。", "slot_saved": "时段已保存。", "leader_session": "领导接访日已添加。",
}

// redirectDone answers a form post with 303 to path, showing flash key done there.
func redirectDone(c *gin.Context, path, done string) {
	u, _ := url.Parse(path)
	q := u.Query()
	q.Set("done", done)
	u.RawQuery = q.Encode()
	c.Redirect(http.StatusSeeOther, u.String())
}

// formErrors turns a service error into the page's message and per-field messages.
func formErrors(err error) (string, map[string]string) {
	e := service.AsError(err)
	msg := e.Message
	if e.Code == service.EInternal {
		msg = service.MsgInternal
	}
	fields := map[string]string{}
	for _, f := range e.Fields {
		fields[f.Field] = f.Message
	}
	if e.Field != "" && fields[e.Field] == "" {
		fields[e.Field] = e.Message
	}
	if len(e.Fields) > 1 {
		msg = "表单有 " + strconv.Itoa(len(e.Fields)) + " 处需要修改，请看各项下方的说明。"
	}
	return msg, fields
}

// staffPage renders a staff page: flash from ?done=, the page's data.
func (s *Server) staffPage(c *gin.Context, status int, name, title string, data any) {
	s.render(c, status, name, pageData{Title: title, Flash: flashes[c.Query("done")], Data: data})
}

// staffPageError renders a staff page with err's messages next to their fields.
func (s *Server) staffPageError(c *gin.Context, name, title string, data any, err error) {
	msg, fields := formErrors(err)
	s.render(c, statusOf(service.AsError(err).Code), name, pageData{Title: title, Error: msg, Errors: fields, Data: data})
}

// workbench is the staff home: the work waiting for this person, by role.
type workbench struct {
	Roles        []string
	Queue        []cases.QueueEntry
	Reviews      []cases.DedupReview
	Screened     []*cases.Case
	Pending      []*booking.Booking
	ToCall       []*booking.Booking
	Extensions   []*cases.Case
	Overdue      []*cases.Case
	Supervisions []cases.Supervision
	Reminders    []cases.Reminder
	Today        service.Date
}

func (s *Server) adminHome(c *gin.Context) {
	u := currentUser(c)
	ctx := c.Request.Context()
	w := workbench{Today: service.DateOf(s.Now())}
	for _, r := range service.RoleNames {
		if u.HasExactly(r.Role) {
			w.Roles = append(w.Roles, r.Name)
		}
	}
	var err error
	keep := func(e error) {
		if err == nil {
			err = e
		}
	}
	if u.Has(service.RoleRegistrar) {
		var e error
		w.Reviews, e = s.Cases.Reviews(ctx, "pending")
		keep(e)
		w.Screened, e = s.Cases.List(ctx, cases.Filter{ScreenPending: true, Limit: 20})
		keep(e)
		w.Pending, e = s.Booking.List(ctx, booking.Filter{Status: booking.StatusPending, Limit: 20})
		keep(e)
	}
	if u.Has(service.RoleHandler) {
		var e error
		w.Queue, e = s.Cases.Queue(ctx, 50)
		keep(e)
		w.Reminders, e = s.Cases.Reminders(ctx, 10)
		keep(e)
	}
	if u.Has(service.RoleDesk) && !u.Has(service.RoleRegistrar) {
		var e error
		w.ToCall, e = s.Booking.List(ctx, booking.Filter{Status: booking.StatusPending, Limit: 50})
		keep(e)
	}
	if u.Has(service.RoleLeader) {
		var e error
		w.Extensions, e = s.Cases.List(ctx, cases.Filter{ExtensionRequested: true, Status: cases.StatusHandling, Limit: 50})
		keep(e)
	}
	if u.Has(service.RoleSupervisor, service.RoleLeader) {
		var e error
		w.Overdue, e = s.Cases.List(ctx, cases.Filter{Risk: "overdue", Limit: 20})
		keep(e)
		w.Supervisions, e = s.Cases.Supervisions(ctx, cases.SupervisionOpen, 20)
		keep(e)
	}
	if err != nil {
		s.errorPage(c, err)
		return
	}
	s.staffPage(c, http.StatusOK, "admin_home", "工作台", w)
}
