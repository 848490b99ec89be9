package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/servicetest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files from what the tests produce")

// Every SMS template, filled in by the flows that send it (booking, review, reminder, joint
// reception, reschedule, cancel, the case lifecycle, a merge undone), reads as a person has read
// it: testdata/sms.golden holds the texts (codes and numbers replaced by placeholders). Run with
// -update after changing a template, and read the diff.
func TestSMSTextsReadRight(t *testing.T) {
	testClockAt(t, time.Date(2026, 12, 1, 9, 0, 0, 0, service.Shanghai))
	env := testEnv(t, "sqlite")
	env["XF_VERIFY_PER_IP_HOUR"], env["XF_VERIFY_PER_IP_DAY"], env["XF_BOOKING_PER_IP_HOUR"] = "100", "100", "100"
	env["XF_VERIFY_PER_PHONE_MINUTE"] = "5"
	fake := withFakeSMS(t, env)
	tp := MustRunProgram(t, env)
	admin := adminClient(t, tp)
	admin.user = "admin"
	reg := staffClient(t, tp, admin, "reg1", []string{"registrar"}, "")
	h1 := staffClient(t, tp, admin, "handler1", []string{"handler"}, "office1")
	boss := staffClient(t, tp, admin, "leader1", []string{"leader"}, "")
	citizen := newClient(t, tp.base)
	var e apiError

	// Bookings: one confirmed (then a joint reception, the reminder, a reschedule and a
	// cancellation), one each diverted, declined and resolved.
	var sessions sessionsAnswer
	citizen.getJSON("/api/v1/booking/sessions", &sessions)
	book := func(phone, matter string, slot int) (code string, id int64) {
		s := sessions.Sessions[slot]
		in := map[string]string{"name": "赵先生", "phone": phone, "matter": matter, "district": "福田区", "day": s.Day, "session": s.Session,
			"code": codeFor(t, citizen, fake, phone, "booking")}
		var ans bookingAnswer
		if c := citizen.postJSON("/api/v1/bookings", in, &ans); c != 201 {
			t.Fatalf("book: %d", c)
		}
		var list struct {
			Bookings []struct {
				ID      int64  `json:"id"`
				Code    string `json:"code"`
				Version int64  `json:"version"`
			} `json:"bookings"`
		}
		reg.getJSON("/admin/api/bookings?status=pending", &list)
		for _, b := range list.Bookings {
			if b.Code == ans.Booking.Code {
				return b.Code, b.ID
			}
		}
		t.Fatal("booking not listed")
		return "", 0
	}
	review := func(id int64, body map[string]any) {
		var b struct {
			Booking struct {
				Version int64 `json:"version"`
			} `json:"booking"`
		}
		reg.getJSON(fmt.Sprintf("/admin/api/bookings/%d", id), &b)
		body["version"] = b.Booking.Version
		if c := reg.postJSON(fmt.Sprintf("/admin/api/bookings/%d/review", id), body, &e); c != 200 {
			t.Fatalf("review %v: %d %+v", body, c, e)
		}
	}
	phone := "13812345678"
	code, id := book(phone, "培训机构停业拖欠工资三个月，多次讨要无果，请求协调", len(sessions.Sessions)-1)
	review(id, map[string]any{"action": "confirm"})
	if c := reg.postJSON(fmt.Sprintf("/admin/api/bookings/%d/participants", id), map[string]any{"kind": "department", "unit": "市人社局",
		"contact": "李科长", "phone": "13700001111"}, &e); c != 201 {
		t.Fatalf("participant: %d %+v", c, e)
	}
	_, id2 := book("13812345679", "物业公司乱收停车费，业主投诉无果，请求查处", len(sessions.Sessions)-1)
	review(id2, map[string]any{"action": "divert", "divert": "mediation"})
	_, id3 := book("13812345680", "与邻居因漏水纠纷多次协商不成，请求协调处理", len(sessions.Sessions)-1)
	review(id3, map[string]any{"action": "decline", "reason": "属于民事纠纷", "divert": "litigation"})
	_, id4 := book("13812345681", "社保卡补办三个月未拿到，请求帮助加快办理", len(sessions.Sessions)-1)
	review(id4, map[string]any{"action": "resolve", "result": "已联系人社局，社保卡本周内寄出"})
	var tok struct {
		Token string `json:"token"`
	}
	if c := citizen.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": codeFor(t, citizen, fake, phone, "login")}, &tok); c != 200 {
		t.Fatalf("login: %d", c)
	}
	auth := []string{"Authorization", "Bearer " + tok.Token}
	// Staff close the booking's room for the session: it moves to the nearest free one.
	var bk struct {
		Booking struct {
			Day, Session, Room string
		} `json:"booking"`
	}
	reg.getJSON(fmt.Sprintf("/admin/api/bookings/%d", id), &bk)
	var slots struct {
		Slots []struct {
			ID                 int64
			Day, Session, Room string
			Capacity           int
		} `json:"slots"`
	}
	reg.getJSON("/admin/api/booking/slots?from="+bk.Booking.Day+"&to="+bk.Booking.Day, &slots)
	for _, sl := range slots.Slots {
		if sl.Session == bk.Booking.Session && sl.Room == bk.Booking.Room {
			if c := reg.postJSON(fmt.Sprintf("/admin/api/booking/slots/%d", sl.ID), map[string]any{"capacity": sl.Capacity, "closed": true,
				"reason": "接待室临时维修"}, &e); c != 200 {
				t.Fatalf("close the slot: %d %+v", c, e)
			}
		}
	}
	// The citizen moves it again (reviewed again), then cancels it.
	other := sessions.Sessions[len(sessions.Sessions)-3]
	if c := citizen.postJSON("/api/v1/bookings/"+code+"/reschedule", map[string]string{"day": other.Day, "session": other.Session}, &e, auth...); c != 200 {
		t.Fatalf("reschedule: %d %+v", c, e)
	}
	if c := citizen.postJSON("/api/v1/bookings/"+code+"/cancel", map[string]string{}, &e, auth...); c != 200 {
		t.Fatalf("cancel: %d %+v", c, e)
	}
	// The reminder of another confirmed booking, the day before at 10:00.
	_, id5 := book("13812345682", "小区门口占道经营严重，请求城管整治", len(sessions.Sessions)-1)
	review(id5, map[string]any{"action": "confirm"})

	// A case through its lifecycle, another not accepted, a third forwarded; a merge undone.
	var created struct {
		Case struct {
			ID int64 `json:"id"`
		} `json:"case"`
	}
	register := func(name, phone, district, content string) int64 {
		if c := reg.postJSON("/admin/api/cases", map[string]any{"channel": "letter", "name": name, "phone": phone, "district": district,
			"content": content}, &created); c != 201 {
			t.Fatalf("register: %d", c)
		}
		return created.Case.ID
	}
	act := func(who *client, caseID int64, action string, body map[string]any) {
		var d caseDetail
		who.getJSON(fmt.Sprintf("/admin/api/cases/%d", caseID), &d)
		body["version"] = d.Version
		if c := who.postJSON(fmt.Sprintf("/admin/api/cases/%d/actions/%s", caseID, action), body, &e); c != 200 {
			t.Fatalf("%s: %d %+v", action, c, e)
		}
	}
	a := register("汪玉", "18399906667", "罗湖区", "我是1996年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。请求帮助查找或重建档案。")
	act(h1, a, "accept", map[string]any{})
	act(h1, a, "extend", map[string]any{"days": 20, "reason": "需调取原始档案"})
	act(boss, a, "approve_extension", map[string]any{"approve": true})
	act(h1, a, "reply", map[string]any{"outcome": "explained", "tag": "educated", "text": "档案已移交市档案馆。"})
	act(reg, a, "review_request", map[string]any{})
	act(h1, a, "review_answer", map[string]any{"outcome": "upheld", "text": "维持原答复意见。"})
	b := register("钱某", "18399906668", "罗湖区", "罗湖区东门某商铺长期占用消防通道堆放货物，请求消防部门查处。")
	act(h1, b, "not_accept", map[string]any{"reason": "已进入诉讼程序", "guidance": "向人民法院了解案件进展"})
	c := register("孙某", "18399906669", "罗湖区", "罗湖区某小区二次供水水质发黄，物业不予处理，请求卫生部门检测。")
	act(h1, c, "transfer", map[string]any{"unit": "罗湖区住房和建设局"})
	// The same person's same matter again, merged, then undone: its own case number by SMS.
	again := register("汪玉", "18399906667", "罗湖区", "本人汪玉，1996年参军，退役后档案遗失，至今找不回来，请帮助恢复档案。")
	var d caseDetail
	reg.getJSON(fmt.Sprintf("/admin/api/cases/%d", again), &struct{}{})
	var detail struct {
		Merges []struct {
			ID int64 `json:"id"`
		} `json:"merges"`
	}
	reg.getJSON(fmt.Sprintf("/admin/api/cases/%d", a), &detail)
	if len(detail.Merges) == 0 {
		t.Fatal("the second letter was not merged")
	}
	if code := reg.postJSON(fmt.Sprintf("/admin/api/merges/%d/undo", detail.Merges[len(detail.Merges)-1].ID), nil, &d); code != 200 {
		t.Fatalf("undo: %d", code)
	}

	// The reminders go out the day before the visit at 10:00.
	day, _ := time.ParseInLocation("2006-01-02", sessions.Sessions[len(sessions.Sessions)-1].Day, service.Shanghai)
	tp.clock.Set(day.AddDate(0, 0, -1).Add(10*time.Hour + time.Minute))

	templates := servicetest.Templates(t)
	byCode := map[string]string{}
	for kind, tpl := range templates.ByKind {
		byCode[tpl.Code] = kind
	}
	texts := map[string]string{}
	waitFor(t, "every template sent", func() bool {
		for _, m := range fake.Sent() {
			kind := byCode[m.TemplateCode]
			if _, done := texts[kind]; done || kind == "" {
				continue
			}
			texts[kind] = templates.Render(kind, placeholders(m.Params))
		}
		return len(texts) == len(templates.ByKind)
	})
	var lines []string
	for kind, text := range texts {
		lines = append(lines, kind+": "+text)
	}
	sort.Strings(lines)
	got := strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", "sms.golden")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("SMS texts differ from %s (run with -update and read the diff):\n%s", path, got)
	}
}

// placeholders replaces the values that differ from run to run (codes, numbers) by fixed marks.
func placeholders(params map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range params {
		switch k {
		case "code":
			v = strings.Repeat("X", len(v))
		case "query_code":
			v = "QQQQQQQQ"
		case "case_no":
			v = "XF20261201000000"
		}
		out[k] = v
	}
	return out
}
