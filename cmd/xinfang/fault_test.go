package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store/storetest"
)

// unavailable checks a 503 that tells the citizen the service is busy, with Retry-After.
func unavailable(t *testing.T, what string, resp *http.Response) {
	t.Helper()
	var e apiError
	code := decode(t, resp, &e)
	if code != 503 || resp.Header.Get("Retry-After") == "" || e.Error.Code != service.EUnavailable || e.Error.Message != service.MsgUnavailable {
		t.Fatalf("%s: %d %+v (Retry-After %q)", what, code, e, resp.Header.Get("Retry-After"))
	}
}

// The dependencies fail under a running program — Redis (a server the test starts and kills),
// then MariaDB dead and frozen (behind a proxy the test controls) — and come back: every
// citizen-facing answer meanwhile is a 503 with Retry-After that says the service is busy (never
// "enter your SMS code"), a frozen database costs a request its deadline rather than the
// driver's 30 s, WeChat is answered regardless, and everything works again without a restart.
func TestDependencyOutages(t *testing.T) {
	if len(backends()) < 2 {
		t.Fatal("XF_TEST_MYSQL_DSN and XF_TEST_REDIS_ADDR are needed")
	}
	env := testEnv(t, "mysql")
	cfg, err := mysql.ParseDSN(env["XF_MYSQL_DSN"])
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.NewProxy(t, cfg.Addr)
	cfg.Addr = db.Addr
	env["XF_MYSQL_DSN"] = cfg.FormatDSN()
	rd := storetest.StartRedis(t)
	env["XF_REDIS_ADDR"] = rd.Addr
	env["XF_HTTP_REQUEST_TIMEOUT"] = "1s"
	fake := withFakeSMS(t, env)
	withFakeWeChat(t, env)
	tp := MustRunProgram(t, env)
	admin := adminClient(t, tp)

	citizen := newClient(t, tp.base)
	phone := "13812340001"
	var tok struct {
		Token string `json:"token"`
	}
	if code := citizen.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": codeFor(t, citizen, fake, phone, "login")}, &tok); code != 200 {
		t.Fatalf("login: %d", code)
	}
	bearer := []string{"Authorization", "Bearer " + tok.Token}
	book := `{"district":"福田区","name":"李四","day":"2026-12-02","session":"am","matter":"工资被拖欠三个月"}`

	// Load runs through the whole outage: every answer is a success, a clear refusal or a 503
	// with Retry-After — never a 500.
	load := startLoad(t, tp.base, bearer)
	defer load.stop(t)

	// Redis dies.
	rd.Stop()
	unavailable(t, "a signed-in citizen's booking", citizen.do("POST", "/api/v1/bookings", "application/json", strings.NewReader(book), bearer...))
	unavailable(t, "a code request", citizen.do("POST", "/api/v1/sms/code", "application/json", strings.NewReader(`{"phone":"13812340002","purpose":"login"}`)))
	if resp := citizen.do("GET", "/h5/my/bookings", "", nil, bearer...); resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a citizen page: %d", resp.StatusCode)
	} else {
		resp.Body.Close()
	}
	if code, reply := wxSend(t, tp.base, textMsg("你好", 9001, tp.clock.Now()), false, tp.clock.Now()); code != 200 || reply == "" {
		t.Fatalf("WeChat while Redis is down: %d %q", code, reply)
	}
	// Back, empty (no persistence): the citizen signs in again, nothing restarted.
	rd.Start(t)
	if code := citizen.postJSON("/api/v1/login/phone", map[string]string{"phone": phone, "code": codeFor(t, citizen, fake, phone, "login")}, &tok); code != 200 {
		t.Fatalf("login after Redis came back: %d", code)
	}
	bearer = []string{"Authorization", "Bearer " + tok.Token}
	if resp := citizen.do("GET", "/api/v1/bookings", "", nil, bearer...); resp.StatusCode != 200 {
		t.Fatalf("my bookings after Redis came back: %d", resp.StatusCode)
	}
	loginAs(t, admin, "admin", adminPw, "") // staff sessions were in Redis too

	// MariaDB dies: quick 503s.
	db.Down()
	start := time.Now()
	unavailable(t, "the case list, database down", admin.do("GET", "/admin/api/cases", "", nil))
	unavailable(t, "my bookings, database down", citizen.do("GET", "/api/v1/bookings", "", nil, bearer...))
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("a dead database took %s to answer", d)
	}
	db.Up(t)
	waitFor(t, "the database back", func() bool {
		resp := citizen.do("GET", "/api/v1/bookings", "", nil, bearer...)
		resp.Body.Close()
		return resp.StatusCode == 200
	})

	// MariaDB freezes: the request's deadline (1 s here) ends the wait; WeChat is still
	// answered at once (its message is recorded later, or counted as unrecorded).
	db.Freeze()
	start = time.Now()
	unavailable(t, "my bookings, database frozen", citizen.do("GET", "/api/v1/bookings", "", nil, bearer...))
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("a frozen database held the request %s", d)
	}
	start = time.Now()
	if code, reply := wxSend(t, tp.base, textMsg("预约", 9002, tp.clock.Now()), false, tp.clock.Now()); code != 200 || reply == "" {
		t.Fatalf("WeChat while the database is frozen: %d %q", code, reply)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the WeChat reply waited %s for the database", d)
	}
	db.Thaw()
	waitFor(t, "the database thawed", func() bool {
		resp := citizen.do("GET", "/api/v1/bookings", "", nil, bearer...)
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	load.stop(t)
}

// backgroundLoad keeps asking for SMS codes and reading a citizen's bookings while a test breaks
// things, and records every status seen.
type backgroundLoad struct {
	done   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	counts map[int]int
	bad    []string
}

func startLoad(t *testing.T, base string, bearer []string) *backgroundLoad {
	l := &backgroundLoad{done: make(chan struct{}), counts: map[int]int{}}
	for w := 0; w < 4; w++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			c := newClient(t, base)
			for i := 0; ; i++ {
				select {
				case <-l.done:
					return
				default:
				}
				var resp *http.Response
				if i%2 == 0 {
					resp = c.do("GET", "/api/v1/bookings", "", nil, bearer...)
				} else {
					phone := fmt.Sprintf("1391%03d%04d", w, i%10000)
					resp = c.do("POST", "/api/v1/sms/code", "application/json", strings.NewReader(`{"phone":"`+phone+`","purpose":"login"}`))
				}
				resp.Body.Close()
				l.mu.Lock()
				l.counts[resp.StatusCode]++
				if resp.StatusCode >= 500 && (resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "") {
					l.bad = append(l.bad, fmt.Sprintf("%s %d", resp.Request.URL.Path, resp.StatusCode))
				}
				l.mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	return l
}

func (l *backgroundLoad) stop(t *testing.T) {
	t.Helper()
	select {
	case <-l.done:
		return
	default:
	}
	close(l.done)
	l.wg.Wait()
	if len(l.bad) > 0 {
		t.Errorf("answers during the outages that were not a clear 503: %v", l.bad[:min(len(l.bad), 10)])
	}
	if l.counts[503] == 0 || l.counts[200]+l.counts[202] == 0 {
		t.Errorf("the load saw no outage or no success: %v", l.counts)
	}
	t.Logf("statuses under load: %v", l.counts)
}
