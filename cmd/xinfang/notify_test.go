package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/citizen"
	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
	"github.com/szxinfang/xinfang/store/storetest"
)

// withFakeSMS points the program's SMS at a local fake of Alibaba Cloud on the test's clock.
func withFakeSMS(t *testing.T, env map[string]string) *aliyunfake.Server {
	fake := aliyunfake.New("ak-test", "sk-test", testClock(t).Now)
	t.Cleanup(fake.Close)
	env["XF_SMS_ACCESS_KEY_ID"] = "ak-test"
	env["XF_SMS_ACCESS_KEY_SECRET"] = "sk-test"
	env["XF_SMS_ENDPOINT"] = fake.Host()
	env["XF_SMS_SCHEME"] = "http"
	env["XF_SMS_TIMEOUT"] = "5s"
	return fake
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitLong(t, what, 10*time.Second, cond)
}

// waitLong is waitFor with a longer limit (a test of volume).
func waitLong(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSMSCodeEndToEnd(t *testing.T) {
	for _, b := range backends() {
		for _, at := range storetest.Instants() {
			t.Run(b+"/"+at.Name, func(t *testing.T) {
				testClockAt(t, at.At)
				testSMSCodeEndToEnd(t, b)
			})
		}
	}
}

func testSMSCodeEndToEnd(t *testing.T, b string) {
	{
		{
			env := testEnv(t, b)
			fake := withFakeSMS(t, env)
			tp := MustRunProgram(t, env)
			c := newClient(t, tp.base)
			var e apiError
			if code := c.postJSON("/api/v1/sms/code", map[string]string{"phone": "1234", "purpose": "booking"}, &e); code != 422 || e.Error.Field != "phone" || e.Error.Message != service.MsgPhoneBad {
				t.Fatalf("bad phone: %d %+v", code, e)
			}
			var ok struct {
				ResendAfter int `json:"resend_after"`
				ExpiresIn   int `json:"expires_in"`
			}
			if code := c.postJSON("/api/v1/sms/code", map[string]string{"phone": "13812345678", "purpose": "booking"}, &ok); code != 202 || ok.ResendAfter != 60 || ok.ExpiresIn != 300 {
				t.Fatalf("send code: %d %+v", code, ok)
			}
			// The dispatcher is woken at once: the SMS reaches the provider without a poll delay.
			waitFor(t, "the SMS at the provider", func() bool { return len(fake.Sent()) == 1 })
			sent := fake.Sent()[0]
			if sent.Phone != "13812345678" || sent.TemplateCode != "SMS_XF0001" || sent.SignName != "深圳信访" || len(sent.Params["code"]) != 6 {
				t.Fatalf("sent %+v", sent)
			}
			if err := tp.Verify.Check(t.Context(), citizen.PurposeBooking, "13812345678", sent.Params["code"]); err != nil {
				t.Fatalf("the code the citizen received does not verify: %v", err)
			}
			resp := c.do("POST", "/api/v1/sms/code", "application/json", strings.NewReader(`{"phone":"13812345678","purpose":"booking"}`))
			decode(t, resp, &e)
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(e.Error.Message, "秒后再试") {
				t.Fatalf("second code: %d %q %+v", resp.StatusCode, resp.Header.Get("Retry-After"), e)
			}
			// The log shows the phone masked only.
			if strings.Contains(tp.out.String(), "13812345678") {
				t.Fatal("full phone number in the log")
			}
		}
	}
}

func TestStaffSeeOutbox(t *testing.T) {
	env := testEnv(t, "sqlite")
	fake := withFakeSMS(t, env)
	fake.Script(aliyunfake.IllegalNumber)
	tp := MustRunProgram(t, env)
	c := adminClient(t, tp)
	citizen := newClient(t, tp.base)
	citizen.postJSON("/api/v1/sms/code", map[string]string{"phone": "13812345678", "purpose": "query"}, nil)
	citizen.postJSON("/api/v1/sms/code", map[string]string{"phone": "13912345678", "purpose": "query"}, nil)
	type view struct {
		Messages []struct {
			Kind, To, Text, Status string
			ErrorCode              string `json:"error_code"`
			LastError              string `json:"last_error"`
		} `json:"messages"`
	}
	var v view
	waitFor(t, "both messages settled", func() bool {
		c.getJSON("/admin/api/outbox", &v)
		n := 0
		for _, m := range v.Messages {
			if m.Status != "pending" {
				n++
			}
		}
		return n == 2
	})
	statuses := map[string]string{}
	for _, m := range v.Messages {
		statuses[m.To] = m.Status + "/" + m.ErrorCode
		if strings.Contains(m.Text, "验证码为") && !strings.Contains(m.Text, "******") {
			t.Errorf("staff see the verification code: %s", m.Text)
		}
	}
	if len(statuses) != 2 || !strings.Contains(fmt.Sprint(statuses), "failed/isv.MOBILE_NUMBER_ILLEGAL") || !strings.Contains(fmt.Sprint(statuses), "sent/") {
		t.Fatalf("outbox view %v", statuses)
	}
	var failed view
	c.getJSON("/admin/api/outbox?status=failed", &failed)
	if len(failed.Messages) != 1 || failed.Messages[0].LastError == "" {
		t.Fatalf("failed filter: %+v", failed)
	}
	var e apiError
	if code := c.getJSON("/admin/api/outbox?status=bogus", &e); code != 422 || e.Error.Field != "status" {
		t.Fatalf("bad status filter: %d", code)
	}
	// A hall staff member may not read it.
	var created struct {
		InitialPassword string `json:"initial_password"`
	}
	c.postJSON("/admin/api/users", map[string]any{"username": "hall1", "display_name": "大厅", "roles": []string{"hall"}}, &created)
	hall := newClient(t, tp.base)
	loginAs(t, hall, "hall1", created.InitialPassword, "Hall-staff-passw0rd")
	if code := hall.getJSON("/admin/api/outbox", &e); code != http.StatusForbidden {
		t.Fatalf("hall staff read the outbox: %d", code)
	}
}
