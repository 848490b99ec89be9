package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
	"github.com/szxinfang/xinfang/store/storetest"
)

// TestKilledMidSend kills a real xinfang process (SIGKILL: no shutdown, no release) while the
// provider has accepted its messages but not yet answered. Another instance takes the messages
// over when their lease runs out, asks the provider first, and sends none of them again: every
// citizen gets exactly one code, and that code signs them in.
func TestKilledMidSend(t *testing.T) {
	if !slices.Contains(backends(), "mysql") {
		t.Skip("needs XF_TEST_MYSQL_DSN and XF_TEST_REDIS_ADDR: two processes share MariaDB and Redis")
	}
	bin := filepath.Join(t.TempDir(), "xinfang")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	env := testEnv(t, "mysql")
	fake := withFakeSMS(t, env)
	env["XF_SMS_TIMEOUT"] = "5s"
	env["XF_OUTBOX_LEASE"] = "30s"
	env["XF_LOG_LEVEL"] = "info"
	addr := storetest.FreeAddr(t)
	env["XF_HTTP_ADDR"] = addr

	const n = 6
	fake.Script(repeat(aliyunfake.AcceptThenHang, n)...)

	// Instance A: a real process, on the real clock.
	a := exec.Command(bin)
	a.Env = os.Environ()
	for k, v := range env {
		a.Env = append(a.Env, k+"="+v)
	}
	var aOut syncBuffer
	a.Stdout, a.Stderr = &aOut, &aOut
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Process.Kill(); a.Wait() })
	ca := newClient(t, "http://"+addr)
	waitLong(t, "instance A to be ready", 60*time.Second, func() bool {
		resp, err := ca.http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	phones := make([]string, n)
	for i := range phones {
		phones[i] = fmt.Sprintf("1370000%04d", i)
		if code := ca.postJSON("/api/v1/sms/code", map[string]string{"phone": phones[i], "purpose": "login"}, nil); code != 202 {
			t.Fatalf("code request %d on A: %d", i, code)
		}
	}
	// The provider has taken every message; A is still waiting for the answers. Kill it.
	waitFor(t, "A's sends to reach the provider", func() bool { return len(fake.Sent()) == n })
	if err := a.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	a.Wait()

	// Instance B starts on the same database and Redis. Its clock moves past A's leases.
	env["XF_HTTP_ADDR"] = "127.0.0.1:0"
	env["XF_LOG_LEVEL"] = "warn"
	b := MustRunProgram(t, env)
	pending := func() (n int) {
		if err := b.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM outbox WHERE status = 'pending'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := pending(); got != n {
		t.Fatalf("%d messages pending after A died, want %d (A must die mid-send)\n%s", got, n, aOut.String())
	}
	b.clock.Set(time.Now().Add(45 * time.Second))
	waitLong(t, "B to settle A's messages", 30*time.Second, func() bool { return pending() == 0 })
	per := map[string]int{}
	for _, m := range fake.Sent() {
		per[m.Phone]++
	}
	for _, p := range phones {
		if per[p] != 1 {
			t.Errorf("%s got %d SMS, want exactly 1", p, per[p])
		}
	}
	if got := fake.Calls("QuerySendDetails"); got < n {
		t.Errorf("B asked the provider %d times before settling %d uncertain messages", got, n)
	}
	// Nothing was lost: the code A sent signs the citizen in on B.
	cb := newClient(t, b.base)
	var tok struct {
		Token string `json:"token"`
	}
	code := ""
	for _, m := range fake.Sent() {
		if m.Phone == phones[0] {
			code = m.Params["code"]
		}
	}
	if st := cb.postJSON("/api/v1/login/phone", map[string]string{"phone": phones[0], "code": code}, &tok); st != 200 || tok.Token == "" {
		t.Fatalf("signing in with the code A sent: %d", st)
	}
}

// TestSMSThrottled: the provider refuses with its per-minute limit, then recovers. The citizen's
// request is accepted at once (the code waits in the outbox), the message goes out once when the
// limit has passed, and the code works.
func TestSMSThrottled(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			env := testEnv(t, b)
			fake := withFakeSMS(t, env)
			fake.Script(aliyunfake.Throttle, aliyunfake.Throttle)
			tp := MustRunProgram(t, env)
			c := newClient(t, tp.base)
			phone := "13700001111"
			if code := c.postJSON("/api/v1/sms/code", map[string]string{"phone": phone, "purpose": "login"}, nil); code != 202 {
				t.Fatalf("code request while the provider throttles: %d", code)
			}
			// A refusal counts once the dispatcher has recorded it (its retry time is then set from
			// the clock before the test moves it on).
			recorded := func(n int) func() bool {
				return func() bool {
					var attempts int
					err := tp.DB.QueryRowContext(context.Background(), `SELECT attempts FROM outbox WHERE status = 'pending' AND lease_owner = ''`).Scan(&attempts)
					return err == nil && attempts == n
				}
			}
			waitFor(t, "the first refusal", recorded(1))
			time.Sleep(300 * time.Millisecond)
			if len(fake.Sent()) != 0 || fake.Calls("SendSms") != 1 {
				t.Fatalf("retried before the minute passed: %d calls", fake.Calls("SendSms"))
			}
			tp.clock.Add(2 * time.Minute)
			waitFor(t, "the second refusal", recorded(2))
			tp.clock.Add(2 * time.Minute)
			waitFor(t, "the code to go out", func() bool { return len(fake.Sent()) == 1 })
			time.Sleep(300 * time.Millisecond)
			if got := fake.Calls("SendSms"); got != 3 || len(fake.Sent()) != 1 {
				t.Fatalf("provider calls %d, accepted %d; want 3 calls, 1 message", got, len(fake.Sent()))
			}
			var tok struct {
				Token string `json:"token"`
			}
			if st := c.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": fake.Sent()[0].Params["code"]}, &tok); st != 200 {
				t.Fatalf("signing in with the late code: %d", st)
			}
		})
	}
}

func repeat[T any](v T, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}
