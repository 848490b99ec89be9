package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/szxinfang/xinfang/service"
)

// page drives one browser tab through the staff pages as one person at a time.
type page struct {
	t   *testing.T
	ctx context.Context
	tp  *testProgram
}

func (p *page) css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// as signs the browser in as the staff member c is signed in as.
func (p *page) as(c *client) {
	p.t.Helper()
	setCookie(p.t, p.ctx, p.tp.base, "xf_staff", c.cookies["xf_staff"])
}

// open loads path, checks it with axe and saves a screenshot named shot (if set).
func (p *page) open(path, shot string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(p.tp.base+path), chromedp.WaitReady(p.css("body"))); err != nil {
		p.t.Fatal(err)
	}
	p.check(path, shot)
}

func (p *page) check(what, shot string) {
	p.t.Helper()
	checkA11y(p.t, p.ctx, what)
	if shot != "" {
		screenshot(p.t, p.ctx, shot)
	}
}

// submit clicks sel and waits for the next page to load.
func (p *page) submit(sel string) {
	p.t.Helper()
	before, err := chromedp.Run(p.ctx, chromedp.Evaluate[float64]("performance.timeOrigin"))
	if err != nil {
		p.t.Fatal(err)
	}
	if err := chromedp.Do(p.ctx, chromedp.Click(p.css(sel))); err != nil {
		p.t.Fatalf("click %s: %v", sel, err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		now, err := chromedp.Run(p.ctx, chromedp.Evaluate[float64]("document.readyState === 'complete' ? performance.timeOrigin : 0"))
		if err == nil && now != 0 && now != before {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.t.Fatalf("no new page after clicking %s", sel)
}

func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(p.css(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (p *page) fill(sel, v string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.SetValue(p.css(sel), v)); err != nil {
		p.t.Fatalf("fill %s: %v", sel, err)
	}
}

func (p *page) url() string {
	u, _ := chromedp.Run(p.ctx, chromedp.Location())
	return u
}

// Every role's daily work in the browser: a registrar registers a letter (every problem of the
// form shown at once) and resolves a duplicate from the queue; a handler accepts and replies; a
// handler of another office cannot open the case; a hall clerk checks a visitor in; the
// administrator's pages. axe finds nothing serious on any page; with XF_SCREENSHOTS set the
// main pages are saved at 1366×768.
func TestBrowserStaffWorkbench(t *testing.T) {
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	testClockAt(t, time.Date(2026, 12, 1, 9, 0, 0, 0, service.Shanghai))
	env := testEnv(t, "sqlite")
	fake := withFakeSMS(t, env)
	tp := MustRunProgram(t, env)
	admin := adminClient(t, tp)
	admin.user = "admin"
	reg := staffClient(t, tp, admin, "reg1", []string{"registrar"}, "")
	h1 := staffClient(t, tp, admin, "handler1", []string{"handler"}, "office1")
	h2 := staffClient(t, tp, admin, "handler2", []string{"handler"}, "office2")
	hall := staffClient(t, tp, admin, "hall1", []string{"hall"}, "")
	boss := staffClient(t, tp, admin, "leader1", []string{"leader"}, "")
	p := &page{t: t, ctx: ctx, tp: tp}

	// The registrar signs in on the login page and registers a letter; an empty form shows all
	// its problems at once.
	p.open("/admin/login", "login")
	if err := chromedp.Do(ctx, chromedp.SendKeys(p.css("#username"), "reg1"), chromedp.SendKeys(p.css("#password"), staffPw)); err != nil {
		t.Fatal(err)
	}
	p.submit(`button[type="submit"]`)
	if !strings.HasSuffix(p.url(), "/admin/") || !strings.Contains(p.text("main"), "判重待定") {
		t.Fatalf("after signing in: %s %q", p.url(), p.text("main"))
	}
	p.check("/admin/ (registrar)", "workbench-registrar")
	p.open("/admin/cases/new?channel=letter", "")
	p.submit(`form[action="/admin/cases/new"] button.primary`)
	for _, f := range []string{"name", "district", "content"} {
		if msg := p.text("#" + f + "-error"); msg == "" {
			t.Fatalf("no message for %s", f)
		}
	}
	if !strings.Contains(p.text(".error"), "3 处") {
		t.Fatalf("summary: %q", p.text(".error"))
	}
	p.check("/admin/cases/new (errors)", "case-new-errors")
	p.fill("#name", "汪玉")
	p.fill("#phone", "18399906667")
	p.fill("#district", "罗湖区")
	p.fill("#content", "我是1996年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。请求帮助查找或重建档案。")
	p.submit(`form[action="/admin/cases/new"] button.primary`)
	m := regexp.MustCompile(`/admin/cases/(\d+)\?done=registered`).FindStringSubmatch(p.url())
	if m == nil {
		t.Fatalf("after registering: %s", p.url())
	}
	caseURL := "/admin/cases/" + m[1]
	if !strings.Contains(p.text(".flash"), "已登记") {
		t.Fatal("no flash")
	}
	p.check(caseURL, "")

	// A citizen's online petition under the same name with another phone: a pair for the queue.
	citizen := newClient(t, tp.base)
	other := "13912345678"
	pet := map[string]string{"name": "汪玉", "phone": other, "district": "罗湖区", "code": codeFor(t, citizen, fake, other, "query"),
		"content": "我是1996年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。请求帮助查找或重建档案。"}
	if code := citizen.postJSON("/api/v1/petitions", pet, nil); code != 201 {
		t.Fatalf("petition: %d", code)
	}
	p.open("/admin/dedup", "dedup-queue")
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".compare mark").length`)); n == 0 {
		t.Fatal("no signal marked in the pair")
	}
	p.submit(`button[name="decision"][value="separate"]`)
	if !strings.Contains(p.text(".flash"), "不是同一事项") || !strings.Contains(p.text("main"), "没有待确认的疑似重复") {
		t.Fatalf("after deciding: %q", p.text("main"))
	}
	p.open("/admin/cases?district=罗湖区", "case-list")

	// The registrar overrules the screening of a noise complaint that is really about the
	// police not acting; the correction becomes an example on the screening page.
	var noisy struct {
		Case struct {
			ID          int64 `json:"id"`
			NonPetition bool  `json:"non_petition"`
		} `json:"case"`
	}
	if code := reg.postJSON("/admin/api/cases", map[string]any{"channel": "letter", "name": "柯南", "district": "福田区",
		"content": "楼上邻居每晚装修噪音扰民，吵到凌晨，严重影响休息。"}, &noisy); code != 201 || !noisy.Case.NonPetition {
		t.Fatalf("noise complaint: %d %+v", code, noisy.Case)
	}
	p.open(fmt.Sprintf("/admin/cases/%d", noisy.Case.ID), "case-screened")
	if s := p.text("dl"); !strings.Contains(s, "依据：邻里纠纷：邻居（“邻居”）") || !strings.Contains(s, "告知信访人：您反映的内容提到") {
		t.Fatalf("screening explained: %q", s)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector("details:has(form[action$='/edit'])").open = true;
		document.querySelector("input[name=non_petition][value=false]").click(); return true })()`)); err != nil {
		t.Fatal(err)
	}
	p.submit(`form[action$="/edit"] button.primary`)
	p.open("/admin/screening", "screening-examples")
	if s := p.text("table.list tbody"); !strings.Contains(s, "信访事项\treg1") || !strings.Contains(s, "撤回") {
		t.Fatalf("screening examples: %q", s)
	}

	// A parking quarrel no rule recognises, which the learnt model reads as another channel's
	// matter: kept as a petition, its doubt shown, in the registrar's queue on the workbench.
	var parking struct {
		Case struct {
			ID          int64  `json:"id"`
			CaseNo      string `json:"case_no"`
			NonPetition bool   `json:"non_petition"`
		} `json:"case"`
	}
	if code := reg.postJSON("/admin/api/cases", map[string]any{"channel": "letter", "name": "阿敏", "district": "龙华区",
		"content": "我家门口的车位是我们租的，对面那家天天停他们的车，贴纸条也没用，昨天还把我车剐了。"}, &parking); code != 201 || parking.Case.NonPetition {
		t.Fatalf("parking quarrel: %d %+v", code, parking.Case)
	}
	p.open(fmt.Sprintf("/admin/cases/%d", parking.Case.ID), "case-model-doubt")
	if s := p.text("dl"); !strings.Contains(s, "按信访事项登记，待登记员确认") || !strings.Contains(s, "依据：全文读来像") {
		t.Fatalf("the model's doubt shown: %q", s)
	}
	p.open("/admin/", "workbench-registrar-doubts")
	if s := p.text("main"); !strings.Contains(s, parking.Case.CaseNo+" 按信访事项登记，待确认：全文读来像") {
		t.Fatalf("the registrar's queue: %q", s)
	}

	// The handler of 一处 sees it first in their queue, accepts and replies.
	p.as(h1)
	p.open("/admin/", "workbench-handler")
	if !strings.Contains(p.text("#queue-h + table"), "XF20261201000001") || !strings.Contains(p.text("#queue-h + table"), "2026-12-16") {
		t.Fatalf("handler's queue: %q", p.text("main"))
	}
	p.open(caseURL, "")
	if err := chromedp.Do(ctx, chromedp.Click(p.css(`details:has(form[action$="/actions/accept"]) summary`))); err != nil {
		t.Fatal(err)
	}
	p.submit(`form[action$="/actions/accept"] button.primary`)
	if !strings.Contains(p.text(".flash"), "已办理") || !strings.Contains(p.text("#sum-h"), "已受理") {
		t.Fatalf("after accepting: %q", p.text("main"))
	}
	if err := chromedp.Do(ctx, chromedp.Click(p.css(`details:has(form[action$="/actions/reply"]) summary`))); err != nil {
		t.Fatal(err)
	}
	p.submit(`form[action$="/actions/reply"] button.primary`)
	if p.text("#outcome-error") == "" || p.text("#tag-error") == "" || p.text("#text-error") == "" || !strings.Contains(p.text(".error"), "3 处") {
		t.Fatalf("reply without fields: %q", p.text("main"))
	}
	p.check(caseURL+" (reply errors)", "")
	p.fill("#reply-outcome", "explained")
	p.fill("#reply-tag", "educated")
	p.fill("#reply-text", "经核查，您的档案已移交市档案馆，请携身份证前往查询。")
	p.submit(`form[action$="/actions/reply"] button.primary`)
	if !strings.Contains(p.text("#sum-h"), "已出具答复意见") {
		t.Fatalf("after replying: %q", p.text("main"))
	}
	p.check(caseURL, "case-page")

	// Another office's handler cannot open it.
	p.as(h2)
	p.open(caseURL, "")
	if !strings.Contains(p.text("main"), "权限") {
		t.Fatalf("another office's handler: %q", p.text("main"))
	}
	// Forcing an action the page does not offer is refused and audited.
	if code := h2.postJSON("/admin/api"+strings.TrimPrefix(caseURL, "/admin")+"/actions/close", map[string]any{"version": 1}, nil); code != 403 {
		t.Fatalf("forced action: %d", code)
	}
	var audit struct {
		Entries []struct{ Actor, Outcome string } `json:"entries"`
	}
	admin.getJSON("/admin/api/audit?action=access.denied", &audit)
	if len(audit.Entries) != 2 || audit.Entries[0].Actor != "handler2" || audit.Entries[0].Outcome != "denied" {
		t.Fatalf("refusals audited: %+v", audit.Entries)
	}

	// The hall checks in a confirmed visitor on the day.
	var sessions sessionsAnswer
	citizen.getJSON("/api/v1/booking/sessions", &sessions)
	first := sessions.Sessions[0]
	phone := "13812345678"
	bk := map[string]string{"name": "赵先生", "phone": phone, "matter": "培训机构停业拖欠工资三个月，多次讨要无果，请求协调", "district": "福田区",
		"day": first.Day, "session": first.Session, "code": codeFor(t, citizen, fake, phone, "booking")}
	var booked bookingAnswer
	if code := citizen.postJSON("/api/v1/bookings", bk, &booked); code != 201 {
		t.Fatalf("book: %d", code)
	}
	p.as(reg)
	p.open("/admin/bookings?status=pending", "bookings")
	var list struct {
		Bookings []struct {
			ID int64 `json:"id"`
		} `json:"bookings"`
	}
	reg.getJSON("/admin/api/bookings?status=pending", &list)
	p.open(fmt.Sprintf("/admin/bookings/%d", list.Bookings[0].ID), "booking")
	if err := chromedp.Do(ctx, chromedp.Click(p.css(`input[name="action"][value="confirm"]`))); err != nil {
		t.Fatal(err)
	}
	p.submit(`form[action$="/review"] button.primary`)
	if !strings.Contains(p.text(".flash"), "已审核") {
		t.Fatalf("review: %q", p.text("main"))
	}
	day, _ := time.ParseInLocation("2006-01-02", first.Day, service.Shanghai)
	later(t, tp, day.Add(9*time.Hour), hall, boss, admin)
	p.as(hall)
	p.open("/admin/hall", "")
	p.fill("#code", booked.Booking.Code)
	p.submit(`form[action="/admin/hall/checkin"] button.primary`)
	if !strings.Contains(p.text(".flash"), "已签到") || !strings.Contains(p.text("main"), booked.Booking.Code) {
		t.Fatalf("check-in: %q", p.text("main"))
	}
	p.check("/admin/hall (checked in)", "hall")

	// The leader's dashboard shows the day's work: four items (three letters and an online
	// petition) on 12-01, one booking received at the hall.
	p.as(boss)
	p.open("/admin/dashboard?from=2026-12-01&to=2026-12-31", "dashboard")
	items := p.text("#items-h")
	if !strings.Contains(items, "共 4 件") {
		t.Fatalf("dashboard items: %q", items)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.chart").length`)); n < 4 {
		t.Fatalf("%d charts", n)
	}
	if got := p.text("#kpi-h + table"); !strings.Contains(got, "收到事项\t4") {
		t.Fatalf("indicators: %q", got)
	}
	p.open("/admin/", "workbench-leader")
	p.open("/admin/bookings/schedule", "schedule")
	p.open("/admin/supervision", "")
	p.as(admin)
	for _, path := range []string{"/admin/users", "/admin/outbox", "/admin/audit", "/admin/settings"} {
		p.open(path, strings.TrimPrefix(path, "/admin/"))
	}
	if !strings.Contains(p.text("main"), "告知是否受理") {
		t.Fatal("settings lack the deadlines")
	}
}
