package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const adminPw = "Admin-passw0rd-for-tests"

// adminClient returns a client signed in as the bootstrap admin with its password changed.
func adminClient(t *testing.T, tp *testProgram) *client {
	t.Helper()
	c := newClient(t, tp.base)
	loginAs(t, c, "admin", tp.adminPassword(t), adminPw)
	return c
}

func TestStaffAccountsAndAudit(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			tp := MustRunProgram(t, testEnv(t, b))
			c := newClient(t, tp.base)
			var e apiError
			if code := c.postJSON("/admin/login", map[string]string{"username": "admin", "password": tp.adminPassword(t)}, nil); code != 200 {
				t.Fatalf("login %d", code)
			}
			// Before the first password change, the API refuses everything else.
			if code := c.getJSON("/admin/api/users", &e); code != 403 || e.Error.Code != "password_must_change" {
				t.Fatalf("users before password change: %d %+v", code, e)
			}
			if code := c.postJSON("/admin/api/password", map[string]string{"old_password": tp.adminPassword(t), "new_password": adminPw}, nil); code != 204 {
				t.Fatalf("password change %d", code)
			}
			var created struct {
				User            userJSONTest `json:"user"`
				InitialPassword string       `json:"initial_password"`
			}
			code := c.postJSON("/admin/api/users", map[string]any{"username": "reg1", "display_name": "王登记", "roles": []string{"registrar"}, "office": "接访转交处"}, &created)
			if code != 201 || created.InitialPassword == "" || created.User.Roles[0] != "registrar" {
				t.Fatalf("create user %d %+v", code, created)
			}
			// Field errors name the field.
			code = c.postJSON("/admin/api/users", map[string]any{"username": "x", "display_name": "某", "roles": []string{"registrar"}}, &e)
			if code != 422 || e.Error.Field != "username" {
				t.Fatalf("bad username: %d %+v", code, e)
			}
			code = c.postJSON("/admin/api/users", map[string]any{"username": "reg2", "display_name": "某", "roles": []string{"boss"}}, &e)
			if code != 422 || e.Error.Field != "roles" {
				t.Fatalf("bad role: %d %+v", code, e)
			}
			code = c.postJSON("/admin/api/users", map[string]any{"username": "reg2", "colour": "red"}, &e)
			if code != 400 || e.Error.Field != "colour" {
				t.Fatalf("unknown field: %d %+v", code, e)
			}

			// The registrar is not allowed to manage accounts or read the audit log.
			reg := newClient(t, tp.base)
			loginAs(t, reg, "reg1", created.InitialPassword, "Registrar-passw0rd")
			if code := reg.postJSON("/admin/api/users", map[string]any{"username": "sneaky", "display_name": "某", "roles": []string{"admin"}}, &e); code != 403 {
				t.Fatalf("registrar created a user: %d", code)
			}
			if code := reg.getJSON("/admin/api/audit", &e); code != 403 {
				t.Fatalf("registrar read the audit log: %d", code)
			}

			// Disabling ends the registrar's session at once.
			if code := c.postJSON("/admin/api/users/reg1/disable", nil, nil); code != 200 {
				t.Fatalf("disable %d", code)
			}
			if code := reg.getJSON("/admin/api/me", &e); code != 401 {
				t.Fatalf("disabled user still signed in: %d", code)
			}

			var audit struct {
				Entries []struct {
					Actor   string `json:"actor"`
					Action  string `json:"action"`
					Outcome string `json:"outcome"`
					IP      string `json:"ip"`
				} `json:"entries"`
			}
			if code := c.getJSON("/admin/api/audit?limit=50", &audit); code != 200 {
				t.Fatalf("audit %d", code)
			}
			seen := map[string]bool{}
			for _, a := range audit.Entries {
				seen[a.Action+"/"+a.Actor+"/"+a.Outcome] = true
				if a.IP == "" && a.Actor != "system" {
					t.Errorf("audit entry without IP: %+v", a)
				}
			}
			for _, want := range []string{"user.create/system/ok", "auth.login/admin/ok", "auth.password.change/admin/ok",
				"user.create/admin/ok", "user.disable/admin/ok", "auth.login/reg1/ok"} {
				if !seen[want] {
					t.Errorf("audit lacks %s (have %v)", want, seen)
				}
			}
			// There is no route that edits the audit log.
			for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
				resp := c.do(m, "/admin/api/audit", "", nil)
				resp.Body.Close()
				if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusNotFound {
					t.Errorf("%s /admin/api/audit answered %d", m, resp.StatusCode)
				}
			}
		})
	}
}

type userJSONTest struct {
	Username string   `json:"username"`
	Roles    []string `json:"roles"`
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			tp := MustRunProgram(t, testEnv(t, b))
			pw := tp.adminPassword(t)
			c := newClient(t, tp.base)
			var e apiError
			for i := 0; i < 5; i++ {
				if code := c.postJSON("/admin/login", map[string]string{"username": "admin", "password": "wrong"}, &e); code != 401 || e.Error.Message != "用户名或密码错误" {
					t.Fatalf("failure %d: %d %+v", i, code, e)
				}
			}
			resp := c.do("POST", "/admin/login", "application/json", strings.NewReader(fmt.Sprintf(`{"username":"admin","password":%q}`, pw)))
			resp.Body.Close()
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
				t.Fatalf("locked account with the right password: %d", resp.StatusCode)
			}
			// An unknown username locks the same way, so the lock reveals nothing.
			for i := 0; i < 5; i++ {
				c.postJSON("/admin/login", map[string]string{"username": "ghost", "password": "x"}, nil)
			}
			if code := c.postJSON("/admin/login", map[string]string{"username": "ghost", "password": "x"}, &e); code != 429 {
				t.Fatalf("unknown user not locked alike: %d", code)
			}
			// The lock lasts 15 minutes (the cache's clock: Redis keeps real time, so only the
			// in-process cache can be moved forward here).
			if b == "sqlite" {
				tp.clock.Add(15*time.Minute + time.Second)
				if code := c.postJSON("/admin/login", map[string]string{"username": "admin", "password": pw}, nil); code != 200 {
					t.Fatalf("after the lockout: %d", code)
				}
			}
		})
	}
}

func TestSessionTimeouts(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	c := adminClient(t, tp)
	if code := c.getJSON("/admin/api/me", nil); code != 200 {
		t.Fatal(code)
	}
	// Idle: 29 minutes is fine, 31 is not.
	tp.clock.Add(29 * time.Minute)
	if code := c.getJSON("/admin/api/me", nil); code != 200 {
		t.Fatalf("after 29 idle minutes: %d", code)
	}
	tp.clock.Add(31 * time.Minute)
	if code := c.getJSON("/admin/api/me", nil); code != 401 {
		t.Fatalf("after 31 idle minutes: %d", code)
	}
	// Absolute: an active session still ends 12 hours after login.
	loginAs(t, c, "admin", adminPw, "")
	for elapsed := time.Duration(0); elapsed < 12*time.Hour-20*time.Minute; elapsed += 20 * time.Minute {
		tp.clock.Add(20 * time.Minute)
		if code := c.getJSON("/admin/api/me", nil); code != 200 {
			t.Fatalf("active session ended after %v", elapsed+20*time.Minute)
		}
	}
	tp.clock.Add(21 * time.Minute)
	if code := c.getJSON("/admin/api/me", nil); code != 401 {
		t.Fatalf("session outlived 12 hours: %d", code)
	}
}

func TestSessionCookieAndFixation(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	c := adminClient(t, tp)
	planted := "attacker-chosen-session-id"
	c.cookies["xf_staff"] = planted
	resp := c.do("POST", "/admin/login", "application/json", strings.NewReader(fmt.Sprintf(`{"username":"admin","password":%q}`, adminPw)))
	resp.Body.Close()
	var set *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "xf_staff" {
			set = ck
		}
	}
	if set == nil || set.Value == planted || !set.HttpOnly || !set.Secure || set.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", set)
	}
	first := set.Value
	loginAs(t, c, "admin", adminPw, "")
	if c.cookies["xf_staff"] == first {
		t.Fatal("a second login reused the session id")
	}
	old := newClient(t, tp.base)
	old.cookies["xf_staff"] = first
	if code := old.getJSON("/admin/api/me", nil); code != 401 {
		t.Fatalf("the replaced session still works: %d", code)
	}
}

func TestCrossOriginWritesRefused(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	c := adminClient(t, tp)
	var e apiError
	body := map[string]any{"username": "evil1", "display_name": "某", "roles": []string{"admin"}}
	if code := c.postJSON("/admin/api/users", body, &e, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); code != 403 {
		t.Fatalf("cross-site write: %d", code)
	}
	if code := c.postJSON("/admin/api/users", body, &e, "Sec-Fetch-Site", "", "Origin", "https://evil.example"); code != 403 {
		t.Fatalf("cross-origin write (Origin only): %d", code)
	}
	var users struct {
		Users []userJSONTest `json:"users"`
	}
	c.getJSON("/admin/api/users", &users)
	for _, u := range users.Users {
		if u.Username == "evil1" {
			t.Fatal("cross-origin request created a user")
		}
	}
	// A cross-site login attempt (login CSRF) is refused too.
	if code := newClient(t, tp.base).postJSON("/admin/login", map[string]string{"username": "admin", "password": adminPw}, nil,
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"); code != 403 {
		t.Fatalf("cross-site login: %d", code)
	}
}
