package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/szxinfang/xinfang/service"
)

// setCookie gives the browser a session the Go client signed in with.
func setCookie(t *testing.T, ctx context.Context, base, name, value string) {
	t.Helper()
	_, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
		return cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: base, Path: "/"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// screenshot saves the page as XF_SCREENSHOTS/name.png when that directory is set (for people to
// look at what changed).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("XF_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The pages of the lifecycle in a real browser: the printable notice, the citizen's progress
// with its timeline, rating and 复查, and 我的信访; each passes axe's checks.
func TestBrowserCasePages(t *testing.T) {
	ctx := browser(t)
	testClockAt(t, time.Date(2026, 12, 1, 9, 0, 0, 0, service.Shanghai))
	env := testEnv(t, "sqlite")
	fake := withFakeSMS(t, env)
	tp := MustRunProgram(t, env)
	admin := adminClient(t, tp)
	admin.user = "admin"
	h1 := staffClient(t, tp, admin, "handler1", []string{"handler"}, "office1")
	phone := "18399906667"
	var created struct {
		Case struct {
			ID     int64  `json:"id"`
			CaseNo string `json:"case_no"`
		} `json:"case"`
	}
	if code := admin.postJSON("/admin/api/cases", map[string]any{"channel": "letter", "name": "汪玉", "phone": phone, "district": "罗湖区",
		"content": "我是1996年入伍的退役军人，转业时个人档案丢失，现在无法办理相关待遇。请求帮助查找或重建档案。"}, &created); code != 201 {
		t.Fatalf("register: %d", code)
	}
	path := fmt.Sprintf("/admin/api/cases/%d", created.Case.ID)
	var d caseDetail
	later(t, tp, time.Date(2026, 12, 3, 10, 0, 0, 0, service.Shanghai), h1)
	h1.getJSON(path, &d)
	if code := h1.postJSON(path+"/actions/accept", map[string]any{"version": d.Version}, &d); code != 200 {
		t.Fatalf("accept: %d", code)
	}
	later(t, tp, time.Date(2026, 12, 10, 10, 0, 0, 0, service.Shanghai), h1)
	if code := h1.postJSON(path+"/actions/reply", map[string]any{"version": d.Version, "outcome": "explained", "tag": "educated",
		"text": "经核查，您1996年入伍时的档案已于2003年随原部队撤编移交市档案馆。\n请携带身份证、退伍证前往市档案馆（福田区）查询复印，如仍有困难可联系市退役军人事务局。"}, &d); code != 200 {
		t.Fatalf("reply: %d", code)
	}

	// The acceptance notice, printable.
	setCookie(t, ctx, tp.base, "xf_staff", h1.cookies["xf_staff"])
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/admin/notices/%d", tp.base, d.Notices[0].ID)), chromedp.WaitVisible(chromedp.CSS("article.page h1"))); err != nil {
		t.Fatal(err)
	}
	title, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("article.page h1")))
	if title != "受理告知书" {
		t.Fatalf("notice title %q", title)
	}
	checkA11y(t, ctx, "/admin/notices/{id}")
	screenshot(t, ctx, "notice-acceptance")

	// The citizen's progress page: timeline, reply, rating, then 复查.
	var qc string
	waitFor(t, "the reply SMS", func() bool {
		for _, m := range fake.Sent() {
			if m.TemplateCode == "SMS_XF0014" {
				qc = m.Params["query_code"]
			}
		}
		return qc != ""
	})
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	url := fmt.Sprintf("%s/h5/progress?case_no=%s&query_code=%s", tp.base, created.Case.CaseNo, qc)
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(css("ol.timeline"))); err != nil {
		t.Fatal(err)
	}
	tl, _ := chromedp.Run(ctx, chromedp.Text(css("ol.timeline")))
	if !strings.Contains(tl, "已受理") || !strings.Contains(tl, "已出具答复意见") {
		t.Fatalf("timeline: %q", tl)
	}
	checkA11y(t, ctx, "/h5/progress (replied)")
	screenshot(t, ctx, "progress-replied")
	if err := chromedp.Do(ctx, chromedp.Click(css(`input[name="rating"][value="unsatisfied"]`)), chromedp.Click(css(`form[action="/h5/progress/rate"] button`)),
		chromedp.WaitVisible(css(".flash"))); err != nil {
		t.Fatal(err)
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(css("main")))
	if !strings.Contains(body, "感谢您的评价") || !strings.Contains(body, "您的评价：不满意") || !strings.Contains(body, "申请复查") {
		t.Fatalf("after rating: %q", body)
	}
	if err := chromedp.Do(ctx, chromedp.Click(css(`form[action="/h5/progress/review"] button`)),
		chromedp.WaitNotPresent(css(`form[action="/h5/progress/review"]`))); err != nil {
		t.Fatal(err)
	}
	body, _ = chromedp.Run(ctx, chromedp.Text(css("main")))
	if !strings.Contains(body, "复查中") || !strings.Contains(body, "复查意见") {
		t.Fatalf("after asking for 复查: %q", body)
	}
	checkA11y(t, ctx, "/h5/progress (复查)")
	screenshot(t, ctx, "progress-review")

	// 我的信访, signed in by phone.
	citizen := newClient(t, tp.base)
	var tok struct {
		Token string `json:"token"`
	}
	if code := citizen.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": codeFor(t, citizen, fake, phone, "login")}, &tok); code != 200 {
		t.Fatalf("login: %d", code)
	}
	setCookie(t, ctx, tp.base, "xf_citizen", tok.Token)
	if err := chromedp.Do(ctx, chromedp.Navigate(tp.base+"/h5/my/cases"), chromedp.WaitVisible(css("ol.timeline"))); err != nil {
		t.Fatal(err)
	}
	h2, _ := chromedp.Run(ctx, chromedp.Text(css("section.card h2")))
	if !strings.Contains(h2, created.Case.CaseNo) {
		t.Fatalf("我的信访: %q", h2)
	}
	checkA11y(t, ctx, "/h5/my/cases")
	screenshot(t, ctx, "my-cases")
}
