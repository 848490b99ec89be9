package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpsEndpoints(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			tp := MustRunProgram(t, testEnv(t, b))
			c := newClient(t, tp.base)
			resp := c.do("GET", "/healthz", "", nil)
			if resp.StatusCode != 200 {
				t.Fatalf("healthz %d", resp.StatusCode)
			}
			var ready struct {
				Status string            `json:"status"`
				Checks map[string]string `json:"checks"`
			}
			if code := c.getJSON("/readyz", &ready); code != 200 || ready.Checks["database"] != "ok" || ready.Checks["cache"] != "ok" {
				t.Fatalf("readyz %d %+v", code, ready)
			}
			c.do("GET", "/admin/login", "", nil).Body.Close()
			c.do("GET", "/no/such/page", "", nil).Body.Close()
			body, _ := io.ReadAll(c.do("GET", "/metrics", "", nil).Body)
			for _, want := range []string{
				`xinfang_http_requests_total{method="GET",route="/admin/login",status="200"} 1`,
				`xinfang_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
				`xinfang_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200"`,
				`go_sql_max_open_connections{db_name="` + b + `"}`,
			} {
				if !strings.Contains(string(body), want) {
					t.Errorf("metrics lack %s", want)
				}
			}
			// The database going away makes the instance unready.
			tp.DB.Close()
			if code := c.getJSON("/readyz", &ready); code != 503 || ready.Checks["database"] != "unavailable" {
				t.Fatalf("readyz with the database closed: %d %+v", code, ready)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	resp := newClient(t, tp.base).do("GET", "/admin/login", "", nil)
	resp.Body.Close()
	h := resp.Header
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
		"X-Frame-Options":        "DENY",
	} {
		if h.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
	if h.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
}

func TestHSTSBehindTrustedProxy(t *testing.T) {
	env := testEnv(t, "sqlite")
	env["XF_HTTP_TRUSTED_PROXIES"] = "127.0.0.1"
	tp := MustRunProgram(t, env)
	resp := newClient(t, tp.base).do("GET", "/healthz", "", nil, "X-Forwarded-Proto", "https")
	resp.Body.Close()
	if !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatal("no HSTS behind a TLS-terminating trusted proxy")
	}
}

func TestSecondStartReusesData(t *testing.T) {
	env := testEnv(t, "sqlite")
	first := MustRunProgram(t, env)
	pw := first.adminPassword(t)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := MustRunProgram(t, env)
	if strings.Contains(second.out.String(), "password:") {
		t.Fatal("second start printed a new admin password")
	}
	c := newClient(t, second.base)
	if code := c.postJSON("/admin/login", map[string]string{"username": "admin", "password": pw}, nil); code != 200 {
		t.Fatalf("first start's admin cannot log in after restart: %d", code)
	}
}

// A request in flight when SIGTERM arrives completes; new connections are refused.
func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	conn, err := net.Dial("tcp", tp.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "username=admin&password=wrong-password-123"
	fmt.Fprintf(conn, "POST /admin/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", tp.Addr, len(body))
	fmt.Fprint(conn, body[:10]) // the request is now in flight, its body half sent
	time.Sleep(100 * time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- tp.Close() }()
	time.Sleep(200 * time.Millisecond)
	if _, err := net.DialTimeout("tcp", tp.Addr, time.Second); err == nil {
		t.Error("a new connection was accepted during shutdown")
	}
	fmt.Fprint(conn, body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request lost: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("in-flight request answered %d", resp.StatusCode)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}

func TestCommandLine(t *testing.T) {
	env := testEnv(t, "sqlite")
	getenv := func(k string) string { return env[k] }
	var out, errOut strings.Builder
	ctx := context.Background()

	if err := run(ctx, []string{"frobnicate"}, &out, &errOut, getenv); err != errUsage || !strings.Contains(errOut.String(), "Usage:") {
		t.Fatalf("unknown command: %v, %q", err, errOut.String())
	}
	if err := run(ctx, []string{"migrate"}, &out, &errOut, getenv); err != nil || !strings.Contains(out.String(), "applied") {
		t.Fatalf("migrate: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"migrate", "status"}, &out, &errOut, getenv); err != nil || !strings.Contains(out.String(), "00001") {
		t.Fatalf("migrate status: %v %q", err, out.String())
	}
	out.Reset()
	err := run(ctx, []string{"user", "add", "-username", "li.hua", "-name", "李华", "-roles", "handler", "-office", "一处"}, &out, &errOut, getenv)
	if err != nil || !strings.Contains(out.String(), "one-time password:") {
		t.Fatalf("user add: %v %q", err, out.String())
	}
	err = run(ctx, []string{"user", "add", "-username", "li.hua", "-name", "李华", "-roles", "handler", "-office", "一处"}, &out, &errOut, getenv)
	if err == nil || !strings.Contains(err.Error(), "用户名已存在") {
		t.Fatalf("duplicate user add: %v", err)
	}
	err = run(ctx, []string{"user", "add", "-username", "desk1", "-name", "窗口", "-roles", "desk"}, &out, &errOut, getenv)
	if err == nil || !strings.Contains(err.Error(), "department") {
		t.Fatalf("desk without department: %v", err)
	}
	if err := run(ctx, []string{"user", "add", "-username", "x1", "-name", "某", "-roles", "wizard"}, &out, &errOut, getenv); err == nil {
		t.Fatal("unknown role accepted")
	}
	out.Reset()
	if err := run(ctx, []string{"user", "disable", "li.hua"}, &out, &errOut, getenv); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"user", "list"}, &out, &errOut, getenv); err != nil || !strings.Contains(out.String(), "li.hua") || !strings.Contains(out.String(), "disabled") {
		t.Fatalf("user list: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"user", "passwd", "li.hua"}, &out, &errOut, getenv); err != nil || !strings.Contains(out.String(), "one-time password:") {
		t.Fatalf("user passwd: %v %q", err, out.String())
	}
	if err := run(ctx, []string{"user", "passwd", "nobody"}, &out, &errOut, getenv); err == nil {
		t.Fatal("passwd of an unknown user succeeded")
	}

	// Malformed configuration refuses to start and names the key.
	env["XF_AUTH_LOCKOUT"] = "a while"
	if err := run(ctx, []string{"serve"}, &out, &errOut, getenv); err == nil || !strings.Contains(err.Error(), "XF_AUTH_LOCKOUT") {
		t.Fatalf("bad config: %v", err)
	}
	delete(env, "XF_AUTH_LOCKOUT")
	env["XF_ENV"] = "production"
	if err := run(ctx, []string{"serve"}, &out, &errOut, getenv); err == nil || !strings.Contains(err.Error(), "XF_PII_KEY") {
		t.Fatalf("production without a PII key: %v", err)
	}
}

func TestLoginPageFlow(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	c := newClient(t, tp.base)
	resp := c.do("GET", "/admin/", "", nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
		t.Fatalf("unauthenticated page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp = c.postForm("/admin/login", url.Values{"username": {"admin"}, "password": {"nope"}})
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || !strings.Contains(string(b), "用户名或密码错误") {
		t.Fatalf("bad login page: %d", resp.StatusCode)
	}
	resp = c.postForm("/admin/login", url.Values{"username": {"admin"}, "password": {tp.adminPassword(t)}, "next": {"https://evil.example/"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/password" {
		t.Fatalf("first login should go to the password page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Until the password is changed, other pages send the user back.
	resp = c.do("GET", "/admin/", "", nil)
	resp.Body.Close()
	if resp.Header.Get("Location") != "/admin/password" {
		t.Fatalf("home before password change: %s", resp.Header.Get("Location"))
	}
	resp = c.postForm("/admin/password", url.Values{"old_password": {tp.adminPassword(t)}, "new_password": {"short1"}})
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(b), "至少 10 位") {
		t.Fatalf("weak password: %d", resp.StatusCode)
	}
	resp = c.postForm("/admin/password", url.Values{"old_password": {tp.adminPassword(t)}, "new_password": {"a-much-better-passw0rd"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" {
		t.Fatalf("password change: %d", resp.StatusCode)
	}
	resp = c.do("GET", "/admin/", "", nil)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "系统管理员") {
		t.Fatalf("home: %d", resp.StatusCode)
	}
	resp = c.postForm("/admin/logout", nil)
	resp.Body.Close()
	resp = c.do("GET", "/admin/", "", nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatal("still signed in after logout")
	}
}

// A database failure reaches the client as a generic message with a request id; the detail
// stays in the log.
func TestDatabaseErrorsStayInTheLog(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	c := adminClient(t, tp)
	tp.DB.Close()
	resp := c.do("GET", "/admin/api/users", "", nil, "Accept", "application/json")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || !strings.Contains(string(b), "系统繁忙") || !strings.Contains(string(b), "request_id") {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	for _, leak := range []string{"sql", "database", "closed"} {
		if strings.Contains(strings.ToLower(string(b)), leak) {
			t.Errorf("client sees %q: %s", leak, b)
		}
	}
	if !strings.Contains(tp.out.String(), "sql: database is closed") {
		t.Errorf("the log lacks the detail:\n%s", tp.out.String())
	}
}

// prodEnv is a production configuration on the test's database, with SMS switched off.
func prodEnv(t *testing.T) map[string]string {
	env := testEnv(t, "sqlite")
	env["XF_ENV"] = "production"
	env["XF_PII_KEY"] = "k1:" + base64.StdEncoding.EncodeToString(make([]byte, 32))
	env["XF_PII_INDEX_KEY"] = base64.StdEncoding.EncodeToString([]byte("an-index-key-of-at-least-32-bytes!!"))
	env["XF_SMS_DISABLED"] = "true"
	return env
}

// In production /metrics is not on the public address: it is served on metrics_addr only.
func TestMetricsStayOffThePublicPort(t *testing.T) {
	env := prodEnv(t)
	tp := MustRunProgram(t, env)
	if code := newClient(t, tp.base).getJSON("/metrics", nil); code != 404 {
		t.Fatalf("production /metrics on the public port without metrics_addr: %d", code)
	}
	env = prodEnv(t)
	env["XF_METRICS_ADDR"] = "127.0.0.1:0"
	tp = MustRunProgram(t, env)
	if code := newClient(t, tp.base).getJSON("/metrics", nil); code != 404 {
		t.Fatalf("/metrics on the public port: %d", code)
	}
	resp := newClient(t, "http://"+tp.MetricsAddr).do("GET", "/metrics", "", nil)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "go_goroutines") || !strings.Contains(string(b), "xinfang_wechat_unrecorded_total") {
		t.Fatalf("operations listener /metrics: %d", resp.StatusCode)
	}
	// Profiles too, and only there.
	resp = newClient(t, "http://"+tp.MetricsAddr).do("GET", "/debug/pprof/goroutine?debug=1", "", nil)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "goroutine profile") {
		t.Fatalf("operations listener pprof: %d", resp.StatusCode)
	}
	if code := newClient(t, tp.base).getJSON("/debug/pprof/", nil); code != 404 {
		t.Fatalf("pprof on the public port: %d", code)
	}
}

// In production the first admin's one-time password goes to a file only the service user can
// read, not to stdout (which ends up in collected logs).
func TestFirstAdminPasswordFileInProduction(t *testing.T) {
	env := prodEnv(t)
	tp := MustRunProgram(t, env)
	path := filepath.Join(env["XF_DATA_DIR"], "initial-admin-password")
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("password file: %v %v", err, st)
	}
	b, _ := os.ReadFile(path)
	m := adminPwRE.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("file holds no password: %q", b)
	}
	if strings.Contains(tp.out.String(), m[1]) || !strings.Contains(tp.out.String(), path) {
		t.Fatalf("stdout/log: %s", tp.out.String())
	}
	c := newClient(t, tp.base)
	if code := c.postJSON("/admin/login", map[string]string{"username": "admin", "password": m[1]}, nil); code != 200 {
		t.Fatalf("login with the file's password: %d", code)
	}
}
