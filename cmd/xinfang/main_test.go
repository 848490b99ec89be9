package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store/storetest"
)

// testEnv is the environment a test program runs with: a temp data dir, port 0, and MySQL and
// Redis when the test environment provides them.
func testEnv(tb testing.TB, backend string) map[string]string {
	tb.Helper()
	env := map[string]string{
		"XF_DATA_DIR":  tb.TempDir(),
		"XF_HTTP_ADDR": "127.0.0.1:0",
		"XF_LOG_LEVEL": "warn",
	}
	if backend == "mysql" {
		env["XF_MYSQL_DSN"] = storetest.MySQLTestDSN(tb)
		env["XF_REDIS_ADDR"] = os.Getenv("XF_TEST_REDIS_ADDR")
		env["XF_REDIS_KEY_PREFIX"] = "xftest:" + service.RandomToken(6) + ":"
	}
	return env
}

// backends lists "sqlite" and, when configured, "mysql" (MariaDB + Redis).
func backends() []string {
	if os.Getenv("XF_TEST_MYSQL_DSN") != "" && os.Getenv("XF_TEST_REDIS_ADDR") != "" {
		return []string{"sqlite", "mysql"}
	}
	return []string{"sqlite"}
}

// testProgram is a running program plus what it printed.
type testProgram struct {
	*Program
	out   *syncBuffer
	clock *storetest.Clock
	base  string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// clocks holds each test's clock: the programs a test starts and the fakes they talk to share
// it, so nothing a test checks depends on the day it runs.
var clocks sync.Map // testing.TB → *storetest.Clock

// testClock returns tb's clock, starting now unless the test set it with testClockAt.
func testClock(tb testing.TB) *storetest.Clock {
	if c, ok := clocks.Load(tb); ok {
		return c.(*storetest.Clock)
	}
	return testClockAt(tb, time.Now())
}

// testClockAt starts tb's clock at at; call it before anything uses the clock.
func testClockAt(tb testing.TB, at time.Time) *storetest.Clock {
	c := storetest.NewClock(at)
	clocks.Store(tb, c)
	tb.Cleanup(func() { clocks.Delete(tb) })
	return c
}

// MustRunProgram starts the whole program on port 0, on the test's clock, and stops it when the
// test ends.
func MustRunProgram(tb testing.TB, env map[string]string) *testProgram {
	tb.Helper()
	cfg, err := configs.Load("", func(k string) string { return env[k] })
	if err != nil {
		tb.Fatal(err)
	}
	out := &syncBuffer{}
	p := NewProgram(cfg, NewLogger(cfg, out), out)
	clock := testClock(tb)
	p.Now = clock.Now
	if err := p.Run(context.Background()); err != nil {
		p.Close()
		tb.Fatal(err)
	}
	tp := &testProgram{Program: p, out: out, clock: clock, base: "http://" + p.Addr}
	tb.Cleanup(func() { p.Close() })
	return tp
}

var adminPwRE = regexp.MustCompile(`password: (\S+)`)

func (tp *testProgram) adminPassword(tb testing.TB) string {
	m := adminPwRE.FindStringSubmatch(tp.out.String())
	if m == nil {
		tb.Fatalf("no admin password printed; output:\n%s", tp.out.String())
	}
	return m[1]
}

// client is a minimal browser: it keeps cookies even though they are Secure (the test server
// speaks plain HTTP) and sends same-origin headers on writes, as a browser does.
type client struct {
	user    string // the staff account signed in, if any
	tb      testing.TB
	base    string
	cookies map[string]string
	http    *http.Client
}

func newClient(tb testing.TB, base string) *client {
	return &client{tb: tb, base: base, cookies: map[string]string{}, http: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       30 * time.Second,
	}}
}

func (c *client) do(method, path, contentType string, body io.Reader, hdr ...string) *http.Response {
	c.tb.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if method != http.MethodGet {
		req.Header.Set("Origin", c.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return resp
}

func (c *client) getJSON(path string, out any) int {
	c.tb.Helper()
	resp := c.do(http.MethodGet, path, "", nil, "Accept", "application/json")
	return decode(c.tb, resp, out)
}

func (c *client) postJSON(path string, in, out any, hdr ...string) int {
	c.tb.Helper()
	b, _ := json.Marshal(in)
	resp := c.do(http.MethodPost, path, "application/json", bytes.NewReader(b), hdr...)
	return decode(c.tb, resp, out)
}

func (c *client) postForm(path string, form url.Values) *http.Response {
	c.tb.Helper()
	return c.do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

func decode(tb testing.TB, resp *http.Response, out any) int {
	tb.Helper()
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			tb.Fatalf("decode %d %s: %v", resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

// loginAttempts bounds loginAs's retries of a 503: argon2 under the race detector needs well
// under a second alone, but a CI machine running other work beside the tests saw six attempts in a
// row miss the fault tests' 1 s deadline ("change password: 503").
const loginAttempts = 15

// loginAs signs c in and, for a first login, changes the password to newPw.
func loginAs(tb testing.TB, c *client, username, pw, newPw string) {
	tb.Helper()
	var out struct {
		User struct {
			MustChangePassword bool `json:"must_change_password"`
		} `json:"user"`
	}
	// A 503 is the request deadline (1 s in the fault tests), which argon2 under the race
	// detector on a busy machine can overrun: a client tries again, as Retry-After says. If the
	// change went through before the deadline, the new password is the one that works.
	for attempt := 0; ; attempt++ {
		code := c.postJSON("/admin/login", map[string]string{"username": username, "password": pw}, &out)
		if code == 401 && attempt > 0 && newPw != "" {
			code = c.postJSON("/admin/login", map[string]string{"username": username, "password": newPw}, &out)
		}
		if code == 503 && attempt < loginAttempts {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		if code != 200 {
			tb.Fatalf("login %s: %d", username, code)
		}
		if !out.User.MustChangePassword {
			return
		}
		code = c.postJSON("/admin/api/password", map[string]string{"old_password": pw, "new_password": newPw}, nil)
		if code == 503 && attempt < loginAttempts {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		if code != 204 {
			tb.Fatalf("change password: %d", code)
		}
		return
	}
}
