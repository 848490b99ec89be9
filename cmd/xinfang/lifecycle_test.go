package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
)

type caseDetail struct {
	Case struct {
		ID          int64  `json:"id"`
		CaseNo      string `json:"case_no"`
		Office      string `json:"office"`
		Channel     string `json:"channel"`
		BookingCode string `json:"booking_code"`
		Status      string `json:"status"`
	} `json:"case"`
	Status    string `json:"status"`
	Version   int64  `json:"version"`
	Deadlines []struct {
		Kind, Due, State, Risk, Name, Basis string
	} `json:"deadlines"`
	Timeline []struct {
		Kind, Text string
		Public     bool
	} `json:"timeline"`
	Notices []struct {
		ID     int64  `json:"id"`
		Kind   string `json:"kind"`
		Number string `json:"number"`
	} `json:"notices"`
	Actions []string `json:"actions"`
}

const staffPw = "Another-pass-9981"

func staffClient(t *testing.T, tp *testProgram, admin *client, username string, roles []string, office string) *client {
	t.Helper()
	pw := createStaff(t, admin, username, roles, office, "")
	c := newClient(t, tp.base)
	loginAs(t, c, username, pw, staffPw)
	c.user = username
	return c
}

// later moves the test's clock to at and signs the staff clients in again (their sessions ended
// while the days passed).
func later(t *testing.T, tp *testProgram, at time.Time, staff ...*client) {
	t.Helper()
	tp.clock.Set(at)
	for _, c := range staff {
		pw := staffPw
		if c.user == "admin" {
			pw = adminPw
		}
		loginAs(t, c, c.user, pw, "")
	}
}

// The lifecycle through the staff API and what the citizen sees of it: deadlines and timeline,
// actions with version checks, a printable notice, the audited phone reveal, statistics, and the
// citizen's progress, rating and 复查 request, by query code and signed in.
func TestCaseLifecycleAPI(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			testClockAt(t, time.Date(2026, 12, 1, 9, 0, 0, 0, service.Shanghai))
			env := testEnv(t, b)
			fake := withFakeSMS(t, env)
			tp := MustRunProgram(t, env)
			admin := adminClient(t, tp)
			reg := staffClient(t, tp, admin, "reg1", []string{"registrar"}, "")
			h1 := staffClient(t, tp, admin, "handler1", []string{"handler"}, "office1")
			h2 := staffClient(t, tp, admin, "handler2", []string{"handler"}, "office2")
			boss := staffClient(t, tp, admin, "leader1", []string{"leader"}, "")

			phone := "18399906667"
			var created struct {
				Case struct {
					ID        int64  `json:"id"`
					CaseNo    string `json:"case_no"`
					Office    string `json:"office"`
					QueryCode string `json:"query_code"`
				} `json:"case"`
			}
			item := map[string]any{"channel": "letter", "name": "汪玉", "phone": phone, "district": "罗湖区",
				"content": "我是1996年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。请求帮助查找或重建档案。"}
			if code := reg.postJSON("/admin/api/cases", item, &created); code != 201 || created.Case.Office != "office1" {
				t.Fatalf("register: %d %+v", code, created)
			}
			id := created.Case.ID
			path := fmt.Sprintf("/admin/api/cases/%d", id)
			var d caseDetail
			if code := h1.getJSON(path, &d); code != 200 || d.Status != "registered" || d.Version == 0 || len(d.Deadlines) != 2 ||
				d.Deadlines[1].Due != "2026-12-16" || d.Deadlines[1].Risk != "ok" || d.Deadlines[1].Basis == "" || len(d.Timeline) == 0 {
				t.Fatalf("detail: %d %+v", code, d)
			}
			var e apiError
			if code := h1.postJSON(path+"/actions/accept", map[string]any{"version": d.Version + 1}, &e); code != 409 || !strings.Contains(e.Error.Message, "刷新") {
				t.Fatalf("stale accept: %d %+v", code, e)
			}
			if code := h1.postJSON(path+"/actions/approve", map[string]any{"version": d.Version}, &e); code != 422 || e.Error.Field != "action" {
				t.Fatalf("unknown action: %d %+v", code, e)
			}
			if code := h1.postJSON(path+"/actions/accept", map[string]any{}, &e); code != 422 || e.Error.Field != "version" {
				t.Fatalf("accept without version: %d %+v", code, e)
			}
			if code := h2.postJSON(path+"/actions/accept", map[string]any{"version": d.Version}, &e); code != 403 {
				t.Fatalf("another office's handler: %d", code)
			}
			if code := h1.postJSON(path+"/actions/reply", map[string]any{"version": d.Version, "outcome": "explained", "tag": "educated", "text": "x"}, &e); code != 409 {
				t.Fatalf("reply before acceptance: %d", code)
			}
			admin.user = "admin"
			later(t, tp, time.Date(2026, 12, 3, 10, 0, 0, 0, service.Shanghai), admin, reg, h1, h2, boss)
			if code := h1.postJSON(path+"/actions/accept", map[string]any{"version": d.Version}, &d); code != 200 || d.Status != "handling" || len(d.Notices) != 1 {
				t.Fatalf("accept: %d %+v", code, d)
			}
			waitFor(t, "the acceptance SMS", func() bool {
				for _, m := range fake.Sent() {
					if m.TemplateCode == "SMS_XF0012" && m.Phone == phone && m.Params["deadline"] == "2027年2月1日（周一）" {
						return true
					}
				}
				return false
			})
			// The written notice prints as an A4 page.
			resp := h1.do("GET", fmt.Sprintf("/admin/notices/%d", d.Notices[0].ID), "", nil)
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(page), "受理告知书") || !strings.Contains(string(page), d.Notices[0].Number) ||
				!strings.Contains(string(page), "notice.css") {
				t.Fatalf("notice page: %d", resp.StatusCode)
			}
			resp = h1.do("GET", "/static/notice.css", "", nil)
			css, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if !strings.Contains(string(css), "size: A4") || !strings.Contains(string(css), "@media print") {
				t.Fatal("notice stylesheet")
			}
			if code := h2.getJSON(fmt.Sprintf("/admin/api/notices/%d", d.Notices[0].ID), &e); code != 403 {
				t.Fatalf("another office reads the notice: %d", code)
			}

			// The handler reveals the phone to call the citizen; it is audited.
			var rv map[string]string
			if code := h2.postJSON(path+"/reveal", nil, &e); code != 403 {
				t.Fatalf("reveal by another office: %d", code)
			}
			if code := h1.postJSON(path+"/reveal", nil, &rv); code != 200 || rv["phone"] != phone {
				t.Fatalf("reveal: %d %v", code, rv)
			}
			var audit struct {
				Entries []struct {
					Action, Actor string
					TargetID      string `json:"target_id"`
				} `json:"entries"`
			}
			admin.getJSON("/admin/api/audit?limit=50", &audit)
			found := false
			for _, a := range audit.Entries {
				found = found || (a.Action == "pii.reveal" && a.Actor == "handler1" && a.TargetID == fmt.Sprint(id))
			}
			if !found {
				t.Fatalf("reveal not audited: %+v", audit.Entries)
			}

			later(t, tp, time.Date(2026, 12, 13, 10, 0, 0, 0, service.Shanghai), admin, reg, h1, h2, boss)
			if code := h1.postJSON(path+"/actions/reply", map[string]any{"version": d.Version, "outcome": "explained", "tag": "educated",
				"text": "经核查，您的档案已移交市档案馆，请携身份证前往查询。"}, &d); code != 200 || d.Status != "replied" {
				t.Fatalf("reply: %d %+v", code, d)
			}
			var qc string
			waitFor(t, "the reply SMS", func() bool {
				for _, m := range fake.Sent() {
					if m.TemplateCode == "SMS_XF0014" && m.Params["case_no"] == created.Case.CaseNo {
						qc = m.Params["query_code"]
						return true
					}
				}
				return false
			})

			// The citizen: progress by query code, rating, 复查.
			citizen := newClient(t, tp.base)
			var prog struct {
				Progress struct {
					Status, Next, Reply, Rating string
					CanRate                     bool   `json:"can_rate"`
					CanReview                   string `json:"can_review"`
					Timeline                    []struct{ Date, Text string }
				} `json:"progress"`
			}
			if code := citizen.getJSON("/api/v1/cases/progress?case_no="+created.Case.CaseNo+"&query_code="+qc, &prog); code != 200 ||
				!prog.Progress.CanRate || prog.Progress.CanReview != "复查" || !strings.Contains(prog.Progress.Reply, "市档案馆") || len(prog.Progress.Timeline) < 3 {
				t.Fatalf("progress: %d %+v", code, prog)
			}
			body := map[string]string{"case_no": created.Case.CaseNo, "query_code": qc, "rating": "bad"}
			if code := citizen.postJSON("/api/v1/cases/rate", body, &e); code != 422 || e.Error.Field != "rating" {
				t.Fatalf("bad rating: %d %+v", code, e)
			}
			body["rating"] = "unsatisfied"
			if code := citizen.postJSON("/api/v1/cases/rate", body, &prog); code != 200 || prog.Progress.Rating != "不满意" {
				t.Fatalf("rate: %d %+v", code, prog)
			}
			body["query_code"] = "WRONG123"
			if code := citizen.postJSON("/api/v1/cases/review", body, &e); code != 404 {
				t.Fatalf("review with a wrong code: %d", code)
			}

			// Signed in by phone: 我的信访 lists it and asks for 复查 from there.
			var tok struct {
				Token string `json:"token"`
			}
			if code := citizen.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": codeFor(t, citizen, fake, phone, "login")}, &tok); code != 200 {
				t.Fatalf("login: %d", code)
			}
			auth := []string{"Authorization", "Bearer " + tok.Token, "Accept", "application/json"}
			var mine struct {
				Cases []struct {
					CaseNo    string `json:"case_no"`
					CanReview string `json:"can_review"`
				} `json:"cases"`
			}
			resp = citizen.do("GET", "/api/v1/my/cases", "", nil, auth...)
			if code := decode(t, resp, &mine); code != 200 || len(mine.Cases) != 1 || mine.Cases[0].CaseNo != created.Case.CaseNo || mine.Cases[0].CanReview != "复查" {
				t.Fatalf("my cases: %d %+v", code, mine)
			}
			resp = citizen.do("GET", "/h5/my/cases", "", nil, "Authorization", "Bearer "+tok.Token)
			page, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(page), created.Case.CaseNo) || !strings.Contains(string(page), "申请复查") {
				t.Fatalf("我的信访 page: %d", resp.StatusCode)
			}
			resp = citizen.do("POST", "/api/v1/my/cases/"+created.Case.CaseNo+"/review", "application/json", strings.NewReader("{}"), auth...)
			if code := decode(t, resp, &prog); code != 200 || prog.Progress.Status != "review_requested" || !strings.Contains(prog.Progress.Next, "复查意见") {
				t.Fatalf("复查 from 我的信访: %d %+v", code, prog)
			}
			resp = newClient(t, tp.base).do("POST", "/api/v1/my/cases/"+created.Case.CaseNo+"/review", "application/json", strings.NewReader("{}"), "Accept", "application/json")
			if code := decode(t, resp, &e); code != 401 {
				t.Fatalf("复查 without signing in: %d", code)
			}

			// The four indicators, for leaders; not for handlers.
			var st struct {
				Total struct {
					Received         int      `json:"received"`
					TimelyAcceptance *float64 `json:"timely_acceptance_rate"`
					Participation    *float64 `json:"participation_rate"`
				} `json:"total"`
				Rows        []struct{ Key, Name string } `json:"rows"`
				Definitions map[string]string            `json:"definitions"`
			}
			if code := boss.getJSON("/admin/api/cases/stats?from=2026-12-01&to=2026-12-31&by=office", &st); code != 200 || st.Total.Received != 1 ||
				st.Total.TimelyAcceptance == nil || *st.Total.TimelyAcceptance != 1 || st.Total.Participation == nil || *st.Total.Participation != 1 ||
				len(st.Rows) != 1 || st.Rows[0].Name != "协调化解一处" || st.Definitions["satisfaction_rate"] == "" {
				t.Fatalf("stats: %d %+v", code, st)
			}
			if code := h1.getJSON("/admin/api/cases/stats", &e); code != 403 {
				t.Fatalf("stats for a handler: %d", code)
			}
			if code := boss.getJSON("/admin/api/cases/stats?by=colour", &e); code != 422 || e.Error.Field != "by" {
				t.Fatalf("stats by an unknown dimension: %d %+v", code, e)
			}
		})
	}
}

// Visits are cases: a walk-in received at the hall, and a booking resolved before the visit, are
// registered on the visit channel, linked both ways; a handler of the case's office sees it in
// the dossier.
func TestVisitsAreCases(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			testClockAt(t, time.Date(2026, 12, 1, 9, 30, 0, 0, service.Shanghai))
			env := testEnv(t, b)
			fake := withFakeSMS(t, env)
			tp := MustRunProgram(t, env)
			admin := adminClient(t, tp)
			hall := staffClient(t, tp, admin, "hall1", []string{"hall", "registrar"}, "")
			h1 := staffClient(t, tp, admin, "handler1", []string{"handler"}, "office1")
			h2 := staffClient(t, tp, admin, "handler2", []string{"handler"}, "office2")

			var walk bookingView
			in := map[string]any{"name": "钱先生", "phone": "13711112222", "matter": "罗湖区某小区违建阻挡消防通道，多次举报未处理",
				"district": "罗湖区", "visitors": 6}
			if code := hall.postJSON("/admin/api/hall/walkins", in, &walk, "Idempotency-Key", "walk-1"); code != 201 || walk.Booking.CaseID == 0 ||
				!walk.Booking.GroupVisit || walk.Booking.Visitors != 6 {
				t.Fatalf("walk-in: %d %+v", code, walk)
			}
			var again bookingView
			if code := hall.postJSON("/admin/api/hall/walkins", in, &again, "Idempotency-Key", "walk-1"); code != 201 || again.Booking.ID != walk.Booking.ID {
				t.Fatalf("the same walk-in submitted twice: %d %+v", code, again)
			}
			var d caseDetail
			if code := hall.getJSON(fmt.Sprintf("/admin/api/cases/%d", walk.Booking.CaseID), &d); code != 200 || d.Case.Channel != "visit" ||
				d.Case.BookingCode != walk.Booking.Code || d.Status != "registered" || d.Case.Office != "office1" {
				t.Fatalf("the walk-in's case: %d %+v", code, d)
			}
			if code := hall.postJSON("/admin/api/hall/call", map[string]string{"room": "一号接待室"}, &walk); code != 200 {
				t.Fatalf("call: %d", code)
			}
			var recv bookingView
			if code := hall.postJSON(fmt.Sprintf("/admin/api/bookings/%d/received", walk.Booking.ID), nil, &recv); code != 200 ||
				recv.Booking.CaseID != walk.Booking.CaseID {
				t.Fatalf("received: %d %+v", code, recv)
			}
			var list struct {
				Cases []struct {
					ID int64 `json:"id"`
				} `json:"cases"`
			}
			if hall.getJSON("/admin/api/cases?channel=visit", &list); len(list.Cases) != 1 {
				t.Fatalf("visit cases after receiving: %+v", list)
			}
			// The handler who owns the case sees it in the visit's dossier; another office's does not.
			var dossier struct {
				Cases []struct {
					ID int64 `json:"id"`
				} `json:"cases"`
			}
			if code := h1.getJSON(fmt.Sprintf("/admin/api/bookings/%d/dossier", walk.Booking.ID), &dossier); code != 200 || len(dossier.Cases) != 1 ||
				dossier.Cases[0].ID != walk.Booking.CaseID {
				t.Fatalf("owner's dossier: %d %+v", code, dossier)
			}
			if code := h2.getJSON(fmt.Sprintf("/admin/api/bookings/%d/dossier", walk.Booking.ID), &dossier); code == 200 && len(dossier.Cases) != 0 {
				t.Fatalf("another office's dossier shows the case: %+v", dossier)
			}

			// A booking resolved before the visit: a closed case, without a second SMS.
			citizen := newClient(t, tp.base)
			var sessions sessionsAnswer
			citizen.getJSON("/api/v1/booking/sessions", &sessions)
			slot := sessions.Sessions[len(sessions.Sessions)-1]
			phone := "13812345678"
			bk := map[string]string{"name": "赵先生", "phone": phone, "matter": "培训机构停业拖欠工资三个月，多次讨要无果，请求协调",
				"district": "福田区", "day": slot.Day, "session": slot.Session, "code": codeFor(t, citizen, fake, phone, "booking")}
			var booked bookingAnswer
			if code := citizen.postJSON("/api/v1/bookings", bk, &booked); code != 201 {
				t.Fatalf("book: %d", code)
			}
			var pending struct {
				Bookings []struct {
					ID      int64 `json:"id"`
					Version int64 `json:"version"`
				} `json:"bookings"`
			}
			hall.getJSON("/admin/api/bookings?status=pending", &pending)
			var resolved bookingView
			if code := hall.postJSON(fmt.Sprintf("/admin/api/bookings/%d/review", pending.Bookings[0].ID), map[string]any{"action": "resolve",
				"version": pending.Bookings[0].Version, "result": "已电话协调人社部门立案"}, &resolved); code != 200 || resolved.Booking.CaseID == 0 {
				t.Fatalf("resolve: %d %+v", code, resolved)
			}
			if code := hall.getJSON(fmt.Sprintf("/admin/api/cases/%d", resolved.Booking.CaseID), &d); code != 200 || d.Status != "closed" ||
				d.Case.Channel != "visit" {
				t.Fatalf("the resolved booking's case: %d %+v", code, d)
			}
			waitFor(t, "the booking's SMS", func() bool {
				for _, m := range fake.Sent() {
					if m.TemplateCode == "SMS_XF0007" && m.Phone == phone {
						return true
					}
				}
				return false
			})
			for _, m := range fake.Sent() {
				if m.TemplateCode == "SMS_XF0011" && m.Phone == phone {
					t.Fatal("a resolved booking's case sent the registration SMS as well")
				}
			}
		})
	}
}

type bookingView struct {
	Booking struct {
		ID         int64  `json:"id"`
		Code       string `json:"code"`
		Status     string `json:"status"`
		CaseID     int64  `json:"case_id"`
		Visitors   int    `json:"visitors"`
		GroupVisit bool   `json:"group_visit"`
	} `json:"booking"`
}

// `xinfang deadlines run -at` shows what a pass at another instant does; production refuses -at.
func TestDeadlinesCommand(t *testing.T) {
	testClockAt(t, time.Date(2026, 12, 1, 9, 0, 0, 0, service.Shanghai))
	env := testEnv(t, "sqlite")
	tp := MustRunProgram(t, env)
	admin := adminClient(t, tp)
	if code := admin.postJSON("/admin/api/cases", map[string]any{"channel": "phone", "name": "汪玉", "district": "罗湖区",
		"content": "退役军人档案丢失，无法办理待遇，请求查找。"}, nil); code != 201 {
		t.Fatalf("register: %d", code)
	}
	tp.Close()
	getenv := func(k string) string { return env[k] }
	var out, errOut strings.Builder
	ctx := context.Background()
	if err := run(ctx, []string{"deadlines", "run", "-at", "2026-12-11T09:00:00+08:00"}, &out, &errOut, getenv); err != nil ||
		!strings.Contains(out.String(), "2 reminder(s), 0 escalation(s)") {
		t.Fatalf("pass at the first reminder: %v %q %q", err, out.String(), errOut.String())
	}
	out.Reset()
	if err := run(ctx, []string{"deadlines", "run", "-at", "2026-12-20T09:00:00+08:00"}, &out, &errOut, getenv); err != nil ||
		!strings.Contains(out.String(), "0 reminder(s), 2 escalation(s)") {
		t.Fatalf("pass after the due day: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"deadlines", "run", "-at", "2026-12-21T09:00:00+08:00"}, &out, &errOut, getenv); err != nil ||
		!strings.Contains(out.String(), "0 deadline(s) due") {
		t.Fatalf("a second pass: %v %q", err, out.String())
	}
	if err := run(ctx, []string{"deadlines", "run", "-at", "tomorrow"}, &out, &errOut, getenv); err == nil || !strings.Contains(err.Error(), "RFC 3339") {
		t.Fatalf("bad -at: %v", err)
	}
	prod := prodEnv(t)
	if err := run(ctx, []string{"deadlines", "run", "-at", "2026-12-20T09:00:00+08:00"}, &out, &errOut, func(k string) string { return prod[k] }); err == nil ||
		!strings.Contains(err.Error(), "refused in production") {
		t.Fatalf("-at in production: %v", err)
	}
}
