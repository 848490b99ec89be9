package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/szxinfang/xinfang/service"
)

// A citizen's journeys on a 390×844 phone, by tapping only, with large text off and on: sign
// in, book (day, then 上午/下午), see the booking and its QR code, reschedule, cancel (asked
// first), petition, look progress up with the SMS's query code, sign out. The booking form's
// submit button is within two screens; every page passes axe.
func TestBrowserCitizenJourneys(t *testing.T) {
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprintf("large_text=%v", large), func(t *testing.T) {
			ctx := browser(t)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
			testClockAt(t, time.Date(2026, 12, 1, 9, 0, 0, 0, service.Shanghai))
			env := testEnv(t, "sqlite")
			env["XF_VERIFY_PER_PHONE_MINUTE"] = "5"
			fake := withFakeSMS(t, env)
			tp := MustRunProgram(t, env)
			p := &page{t: t, ctx: ctx, tp: tp}
			shot := func(name string) string {
				if large {
					return "phone-large-" + name
				}
				return "phone-" + name
			}
			lastCode := func(phone string) string {
				var code string
				waitFor(t, "the SMS code", func() bool {
					for _, m := range fake.Sent() {
						if m.Phone == phone && m.TemplateCode == "SMS_XF0001" {
							code = m.Params["code"]
						}
					}
					return code != ""
				})
				return code
			}

			p.open("/h5/", shot("home"))
			if large {
				if err := chromedp.Do(ctx, chromedp.Click(p.css(`[data-toggle="large-text"]`))); err != nil {
					t.Fatal(err)
				}
			}

			// Sign in by phone.
			phone := "13812345678"
			p.open("/h5/login?next=/h5/my/bookings", shot("login"))
			p.fill("#phone", phone)
			p.submit(`form[action="/h5/login/code"] button`)
			p.fill("#code", lastCode(phone))
			p.submit(`form[action="/h5/login"] button.primary`)
			if !strings.Contains(p.text("header"), "138****5678") {
				t.Fatalf("who is signed in: %q", p.text("header"))
			}

			// Book: the form fits two screens before its submit button.
			p.open("/h5/booking", shot("booking"))
			bottom, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(function(){var b=document.querySelector('form[action="/h5/booking"] button.primary').getBoundingClientRect(); return b.bottom + window.scrollY})()`))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("booking form's submit button ends at %.0f px (two screens: %d)", bottom, 2*844)
			if bottom > 2*844 {
				t.Errorf("the booking form's submit button ends at %.0f px, more than two screens", bottom)
			}
			p.fill("#name", "赵先生")
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var o=document.querySelector('#day option:not([disabled]):not([value=""])'); document.getElementById('day').value=o.value; return true})()`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Click(p.css(`input[name="session"][value="am"]`))); err != nil {
				t.Fatal(err)
			}
			p.fill("#matter", "培训机构停业拖欠工资三个月，多次讨要无果，请求协调")
			p.fill("#district", "福田区")
			p.submit(`form[action="/h5/booking"] button.primary`)
			if !strings.Contains(p.url(), "/h5/my/bookings?new=") {
				t.Fatalf("after booking: %s %q", p.url(), p.text("main"))
			}
			p.check("/h5/my/bookings", shot("my-bookings"))
			code := strings.TrimPrefix(p.url()[strings.Index(p.url(), "new=")+4:], "")

			// Reschedule, then cancel (asked first).
			p.submit(`form[action$="/reschedule"] button`)
			if !strings.Contains(p.text(".flash"), "已改期") {
				t.Fatalf("reschedule: %q", p.text("main"))
			}
			p.submit(`a[href$="/cancel"]`)
			p.check("/h5/my/bookings/{code}/cancel", shot("cancel"))
			if !strings.Contains(p.text("main"), "确定要取消") {
				t.Fatalf("no confirmation: %q", p.text("main"))
			}
			p.submit(`form[action$="/cancel"] button.primary`)
			if !strings.Contains(p.text(".flash"), code) || !strings.Contains(p.text(".flash"), "已取消") {
				t.Fatalf("cancel: %q", p.text("main"))
			}

			// Petition, then look the progress up with the query code from the SMS.
			p.open("/h5/petition", shot("petition"))
			p.fill("#name", "赵先生")
			p.fill("#content", "福田区某小区二次供水水质发黄，物业不予处理，请求卫生部门检测。")
			p.fill("#district", "福田区")
			p.submit(`form[action="/h5/petition"] button.primary`)
			if !strings.HasSuffix(p.url(), "/h5/petition/done") {
				t.Fatalf("after petitioning: %s %q", p.url(), p.text("main"))
			}
			p.check("/h5/petition/done", shot("petition-done"))
			var caseNo, qc string
			waitFor(t, "the registration SMS", func() bool {
				for _, m := range fake.Sent() {
					if m.TemplateCode == "SMS_XF0011" && m.Phone == phone {
						caseNo, qc = m.Params["case_no"], m.Params["query_code"]
					}
				}
				return qc != ""
			})
			p.submit(`a[href^="/h5/progress"]`)
			if strings.Contains(p.text("main"), "请填写") {
				t.Fatalf("the progress link scolds: %q", p.text("main"))
			}
			p.fill("#query_code", qc)
			p.submit(`form[action="/h5/progress"] button.primary`)
			if !strings.Contains(p.text("main"), caseNo) || !strings.Contains(p.text("main"), "办理经过") {
				t.Fatalf("progress: %q", p.text("main"))
			}
			p.check("/h5/progress", shot("progress"))

			// Sign out.
			p.submit(`form[action="/h5/logout"] button`)
			if strings.Contains(p.text("header"), "已登录") {
				t.Fatalf("still signed in: %q", p.text("header"))
			}
		})
	}
}
