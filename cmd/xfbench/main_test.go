package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func TestHealthzBaseline(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			hits.Add(1)
			w.Write([]byte("ok"))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	var out strings.Builder
	err := run(context.Background(), []string{"-target", srv.URL, "-rate", "200", "-duration", "500ms", "-warmup", "0"}, &out, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "healthz") || !strings.Contains(out.String(), "100.0%") {
		t.Fatalf("report:\n%s", out.String())
	}
	if n := hits.Load(); n < 90 {
		t.Fatalf("only %d requests reached the server", n)
	}
	if err := run(context.Background(), []string{"-target", srv.URL, "-scenario", "nope"}, &out, func(string) string { return "" }); err == nil {
		t.Fatal("unknown scenario accepted")
	}
}

func TestOutboxScenario(t *testing.T) {
	var out strings.Builder
	args := []string{"-scenario", "outbox", "-messages", "120"}
	if dsn := os.Getenv("XF_TEST_MYSQL_DSN"); dsn != "" {
		args = append(args, "-mysql", dsn)
	}
	if err := run(context.Background(), args, &out, os.Getenv); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "sent 120 (distinct 120, duplicates 0, bad signatures 0)") {
		t.Fatalf("report:\n%s", out.String())
	}
}

// The booking scenario warms up 5 s unless -warmup says otherwise; others keep the flag's.
func TestWarmupDefaults(t *testing.T) {
	booking, healthz := scenarios["booking"], scenarios["healthz"]
	for _, c := range []struct {
		sc    scenario
		given bool
		flag  time.Duration
		want  time.Duration
	}{
		{booking, false, time.Second, 5 * time.Second},
		{booking, true, time.Second, time.Second},
		{healthz, false, time.Second, time.Second},
	} {
		if got := warmupFor(c.sc, c.given, c.flag); got != c.want {
			t.Errorf("%s given=%v: %s, want %s", c.sc.name, c.given, got, c.want)
		}
	}
}

// The WeChat scenario sends what WeChat sends: one <xml> element with nothing after it, each
// message its own (a fresh MsgId or sender), and no leftover formatting verbs.
func TestWeChatMessagesAreWhatWeChatSends(t *testing.T) {
	next := wechatTargeter(options{Target: "http://x", WeChatToken: "t"})
	seen := map[string]bool{}
	for i := 0; i < 6; i++ {
		var tg vegeta.Target
		if err := next(&tg); err != nil {
			t.Fatal(err)
		}
		body := string(tg.Body)
		if !strings.HasPrefix(body, "<xml>") || !strings.HasSuffix(body, "</xml>") || strings.Count(body, "<xml>") != 1 ||
			strings.Contains(body, "%!") || strings.Contains(body, "<!--") {
			t.Fatalf("message %d is not a plain WeChat message: %s", i, body)
		}
		if seen[body] {
			t.Fatalf("message %d repeats an earlier one: %s", i, body)
		}
		seen[body] = true
	}
}
