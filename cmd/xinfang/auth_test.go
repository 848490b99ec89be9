package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
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

// createStaff makes an account through the admin API and returns its first password.
func createStaff(t *testing.T, admin *client, username string, roles []string, office, department string) string {
	t.Helper()
	var created struct {
		InitialPassword string `json:"initial_password"`
	}
	body := map[string]any{"username": username, "display_name": "测试人员", "roles": roles, "office": office, "department": department}
	if code := admin.postJSON("/admin/api/users", body, &created); code != 201 {
		t.Fatalf("create %s: %d", username, code)
	}
	return created.InitialPassword
}

// Lookalike spellings of a locked name do not get past its lock: on MySQL the old
// utf8mb4_unicode_ci lookup matched them to the account while the lock was keyed by the raw text.
func TestLockoutHoldsForLookalikeNames(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			tp := MustRunProgram(t, testEnv(t, b))
			admin := adminClient(t, tp)
			pw := createStaff(t, admin, "victim", []string{"registrar"}, "", "")
			c := newClient(t, tp.base)
			for i := 0; i < 5; i++ {
				if code := c.postJSON("/admin/login", map[string]string{"username": "victim", "password": "wrong-password-1"}, nil); code != 401 {
					t.Fatalf("failure %d: %d", i, code)
				}
			}
			for _, name := range []string{"victim", "VICTIM", "ｖｉｃｔｉｍ", "VÍCTIM", "victím", "vi\u0301ctim", " victim "} {
				if code := newClient(t, tp.base).postJSON("/admin/login", map[string]string{"username": name, "password": pw}, nil); code == 200 {
					t.Errorf("%q signed in past the lock of victim", name)
				}
			}
			// Accounts are created in the canonical form only.
			var e apiError
			for _, bad := range []string{"víctor", "李华", "ab"} {
				if code := admin.postJSON("/admin/api/users", map[string]any{"username": bad, "display_name": "某", "roles": []string{"hall"}}, &e); code != 422 || e.Error.Field != "username" {
					t.Errorf("username %q: %d %+v", bad, code, e)
				}
			}
			createStaff(t, admin, "Li.Hua", []string{"hall"}, "", "")
			if code := admin.postJSON("/admin/api/users", map[string]any{"username": "ｌｉ.ｈｕａ", "display_name": "某", "roles": []string{"hall"}}, &e); code != 409 {
				t.Fatalf("a full-width twin of li.hua: %d", code)
			}
		})
	}
}

// Parallel guesses: at most five password checks per account and lock window, however many
// arrive at once; the rest are refused before the hash is computed.
func TestParallelGuessesAreNotAllEvaluated(t *testing.T) {
	for _, b := range backends() {
		t.Run(b, func(t *testing.T) {
			tp := MustRunProgram(t, testEnv(t, b))
			createStaff(t, adminClient(t, tp), "target", []string{"registrar"}, "", "")
			var wg sync.WaitGroup
			var mu sync.Mutex
			codes := map[int]int{}
			for i := 0; i < 40; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					code := newClient(t, tp.base).postJSON("/admin/login", map[string]string{"username": "target", "password": fmt.Sprintf("guess-%d", i)}, nil)
					mu.Lock()
					codes[code]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			if codes[401] > 5 || codes[401]+codes[429]+codes[503] != 40 || codes[429] < 35-codes[503] {
				t.Fatalf("40 parallel guesses answered %v: more than 5 were evaluated", codes)
			}
		})
	}
}

// 100 parallel logins with unknown names: the password hash runs on a pool sized to the cores,
// so memory stays bounded (19 MiB per hash in flight); the rest wait or get 503.
func TestLoginFloodIsBounded(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code := newClient(t, tp.base).postJSON("/admin/login", map[string]string{"username": fmt.Sprintf("nobody%03d", i), "password": "x"}, nil)
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	h := tp.Auth.Hasher
	if h.Peak() > h.Workers() || h.Peak() == 0 {
		t.Fatalf("%d hashes ran at once on a pool of %d", h.Peak(), h.Workers())
	}
	if codes[401]+codes[503] != 100 {
		t.Fatalf("answers %v", codes)
	}
}

// The old-password check of a password change is limited like a login and audited when wrong.
func TestPasswordChangeIsLimited(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	c := adminClient(t, tp)
	var e apiError
	for i := 0; i < 5; i++ {
		if code := c.postJSON("/admin/api/password", map[string]string{"old_password": "not-it-0", "new_password": "Another-passw0rd-9"}, &e); code != 422 || e.Error.Field != "old_password" {
			t.Fatalf("wrong old password %d: %d %+v", i, code, e)
		}
	}
	if code := c.postJSON("/admin/api/password", map[string]string{"old_password": adminPw, "new_password": "Another-passw0rd-9"}, &e); code != 429 {
		t.Fatalf("sixth try with the right old password: %d", code)
	}
	// The account is locked for new logins too; read the log as the system.
	entries, err := tp.Auth.ListAudit(service.SystemActor(t.Context(), "test"), service.AuditFilter{Action: "auth.password.change"})
	if err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, en := range entries {
		if en.Outcome == "denied" {
			denied++
		}
	}
	if denied != 5 {
		t.Fatalf("%d denied password changes audited, want 5 (%+v)", denied, entries)
	}
}

// Offices and departments are picked from the directory of units: 一处 is stored as office1 (the
// README's own example once made a handler who saw nothing), 市人社局 by its full name, and
// names the directory does not know are refused.
func TestAccountsUseTheDirectoryOfUnits(t *testing.T) {
	tp := MustRunProgram(t, testEnv(t, "sqlite"))
	admin := adminClient(t, tp)
	var created struct {
		User struct {
			Office     string `json:"office"`
			Department string `json:"department"`
		} `json:"user"`
	}
	if code := admin.postJSON("/admin/api/users", map[string]any{"username": "li.hua", "display_name": "李华", "roles": []string{"handler"}, "office": "一处"}, &created); code != 201 || created.User.Office != "office1" {
		t.Fatalf("handler of 一处: %d %+v", code, created)
	}
	if code := admin.postJSON("/admin/api/users", map[string]any{"username": "lu.zg", "display_name": "鲁志刚", "roles": []string{"desk"}, "department": "市人社局"}, &created); code != 201 || created.User.Department != "深圳市人力资源和社会保障局" {
		t.Fatalf("desk of 市人社局: %d %+v", code, created)
	}
	var e apiError
	for _, body := range []map[string]any{
		{"username": "hdl5", "display_name": "某", "roles": []string{"handler"}, "office": "五处"},
		{"username": "hdl6", "display_name": "某", "roles": []string{"handler"}, "office": "接访转交处"},
		{"username": "desk7", "display_name": "某", "roles": []string{"desk"}, "department": "宏达电子厂"},
	} {
		if code := admin.postJSON("/admin/api/users", body, &e); code != 422 || (e.Error.Field != "office" && e.Error.Field != "department") {
			t.Errorf("%v: %d %+v", body, code, e)
		}
	}
}
