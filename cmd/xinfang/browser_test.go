package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/szxinfang/xinfang/service/booking"
)

// axe-core 4.14.1 (MPL-2.0, Deque Systems), vendored for the accessibility checks.
//
//go:embed testdata/axe.min.js
var axeJS string

// browser starts headless Chromium (XF_TEST_CHROMIUM or chromium on PATH; CI installs it).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("XF_TEST_CHROMIUM")
	if path == "" {
		var err error
		if path, err = exec.LookPath("chromium"); err != nil {
			t.Skip("no Chromium: set XF_TEST_CHROMIUM or install chromium (CI does)")
		}
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// checkA11y runs axe-core (WCAG 2.1 A/AA rules) on the current page and fails on serious or
// critical violations.
func checkA11y(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+";true")); err != nil {
		t.Fatalf("load axe on %s: %v", page, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe result: %v", err)
	}
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			var targets []string
			for _, n := range v.Nodes {
				targets = append(targets, strings.Join(n.Target, " "))
			}
			t.Errorf("%s: %s violation %s (%s) at %v", page, v.Impact, v.ID, v.Help, targets)
		}
	}
}

// A citizen books through the H5 page in a real browser; the pages pass axe's checks.
func TestBrowserBookingAndAccessibility(t *testing.T) {
	ctx := browser(t)
	env := testEnv(t, "sqlite")
	fake := withFakeSMS(t, env)
	tp := MustRunProgram(t, env)
	base := tp.base

	for _, page := range []string{"/h5/", "/h5/login", "/admin/login", "/hall/board", "/h5/petition", "/h5/progress"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		checkA11y(t, ctx, page)
	}

	phone := "13812345678"
	css := func(sel string) chromedp.CSS { return chromedp.CSS(sel) }
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/h5/booking"), chromedp.WaitVisible(css("#name"))); err != nil {
		t.Fatal(err)
	}
	checkA11y(t, ctx, "/h5/booking")
	// Large text and high contrast are one click each and stay accessible.
	if err := chromedp.Do(ctx, chromedp.Click(css(`[data-toggle="large-text"]`)), chromedp.Click(css(`[data-toggle="high-contrast"]`))); err != nil {
		t.Fatal(err)
	}
	cls, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.className`))
	if !strings.Contains(cls, "large-text") || !strings.Contains(cls, "high-contrast") {
		t.Fatalf("toggles: %q", cls)
	}
	checkA11y(t, ctx, "/h5/booking (large text, high contrast)")

	err := chromedp.Do(ctx,
		chromedp.SendKeys(css("#name"), "赵先生"),
		chromedp.SendKeys(css("#phone"), phone),
		chromedp.Click(css(`button[formaction="/h5/booking/code"]`)),
		chromedp.WaitVisible(css(".flash")),
	)
	if err != nil {
		t.Fatal(err)
	}
	var code string
	waitFor(t, "the code SMS", func() bool {
		for _, m := range fake.Sent() {
			if m.Phone == phone {
				code = m.Params["code"]
			}
		}
		return code != ""
	})
	kept, err := chromedp.Run(ctx, chromedp.Value(css("#name")))
	if err != nil || kept != "赵先生" {
		t.Fatalf("the form lost the name after sending the code: %q %v", kept, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(css("#code"), code),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`(function(){var o=document.querySelector('#day option:not([disabled]):not([value=""])'); document.getElementById('day').value=o.value; return true})()`)(ctx, t)
			return err
		}),
		chromedp.Click(css(`input[name="session"][value="am"]`)),
		chromedp.SendKeys(css("#matter"), "培训机构因疫情停业拖欠房租，房东锁门无法营业，请求协调开锁"),
		chromedp.SetValue(css("#district"), "福田区"),
		chromedp.Click(css(`button.primary[type="submit"]`)),
		chromedp.WaitVisible(css(`section.card h2`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading, _ := chromedp.Run(ctx, chromedp.Text(css(`section.card`)))
	url, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(url, "/h5/my/bookings?new=Y") || !strings.Contains(heading, "待审核") {
		t.Fatalf("after booking: %s %q", url, heading)
	}
	checkA11y(t, ctx, "/h5/my/bookings")
	list, _ := tp.DB.ListBookings(ctx, booking.Filter{Limit: 10})
	if len(list) != 1 || list[0].Name != "赵先生" || list[0].District != "福田区" {
		t.Fatalf("stored %+v", list)
	}
}

// The accessibility check itself finds problems when there are some.
func TestAxeCatchesViolations(t *testing.T) {
	ctx := browser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!doctype html><html><head><title>x</title></head><body><main><img src="/a.png"><input type="text"><button></button></main></body></html>`)
	}))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+";true")); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document).then(r => JSON.stringify(r.violations.map(v => v.id)))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"image-alt", "label", "button-name", "html-has-lang"} {
		if !strings.Contains(raw, want) {
			t.Errorf("axe missed %s: %s", want, raw)
		}
	}
}
