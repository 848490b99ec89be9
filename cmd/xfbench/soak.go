package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
)

func init() {
	register(scenario{name: "soak", help: "bookings (book, then cancel) at -booking-rate and WeChat at -wechat-rate for -duration; RSS, goroutines and p99 per window (-metrics: the server's /metrics)",
		local: soak})
}

// soak holds a steady mixed load for a long time and reports, window by window, the server's
// resident memory and goroutines (from its /metrics) and the p99 of each load: flat is healthy;
// a climb is a leak or a queue that does not drain. Bookings are made and cancelled again by a
// pool of signed-in citizens, so the places never run out however long it runs.
func soak(ctx context.Context, o options) error {
	if o.WeChatToken == "" {
		return fmt.Errorf("-wechat-token (the server's XF_WECHAT_TOKEN) is required")
	}
	o.Target = strings.TrimRight(o.Target, "/")
	if err := checkServer(ctx, o.Target); err != nil {
		return err
	}
	metrics := o.Metrics
	if metrics == "" {
		metrics = o.Target + "/metrics"
	}
	if _, err := scrape(ctx, metrics); err != nil {
		return fmt.Errorf("server metrics at %s (set -metrics to the operations listener): %w", metrics, err)
	}
	fake, err := aliyunfake.Listen(o.SMSFake, "bench", "bench", time.Now)
	if err != nil {
		return fmt.Errorf("-sms-fake %s: %w", o.SMSFake, err)
	}
	defer fake.Close()
	cl := &benchClient{target: o.Target, http: &http.Client{Timeout: 30 * time.Second}}
	slots, err := cl.sessions(ctx, 2) // two days ahead: cancellable online
	if err != nil {
		return err
	}
	pool := 2 * o.BookingRate
	fmt.Fprintf(o.Out, "signing in %d citizens …\n", pool)
	tokens, phones, err := signIn(ctx, cl, fake, pool)
	if err != nil {
		return err
	}

	window := max(o.Duration/10, 10*time.Second)
	fmt.Fprintf(o.Out, "soak %s: bookings (book + cancel) %d/s, WeChat %d/s; a line per %s\n\n", o.Duration, o.BookingRate, o.WeChatRate, window)
	fmt.Fprintf(o.Out, "%8s  %9s  %10s  %12s  %12s  %9s  %9s\n", "time", "RSS MB", "goroutines", "booking p99", "wechat p99", "bookings", "errors")
	var mu sync.Mutex
	var bookLat, wxLat []time.Duration
	var booked, failures atomic.Int64
	end := time.Now().Add(o.Duration)
	ctx, stop := context.WithDeadline(ctx, end)
	defer stop()

	// WeChat at its rate, through vegeta, messages generated as they go.
	go func() {
		a := vegeta.NewAttacker(vegeta.Timeout(10*time.Second), vegeta.KeepAlive(true), vegeta.Workers(8), vegeta.MaxWorkers(256))
		for res := range a.Attack(wechatTargeter(o), vegeta.Rate{Freq: o.WeChatRate, Per: time.Second}, o.Duration, "wechat") {
			mu.Lock()
			wxLat = append(wxLat, res.Latency)
			mu.Unlock()
			if res.Code != 200 {
				failures.Add(1)
			}
		}
	}()
	// Bookings at their rate: each a booking then its cancellation, by the next citizen.
	go func() {
		t := time.NewTicker(time.Second / time.Duration(max(o.BookingRate, 1)))
		defer t.Stop()
		var i int
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			k, s := i%pool, slots[i%len(slots)]
			i++
			go func() {
				t0 := time.Now()
				code, err := cl.book(ctx, tokens[k], phones[k], s, i)
				d := time.Since(t0)
				if err != nil {
					if ctx.Err() == nil {
						failures.Add(1)
					}
					return
				}
				booked.Add(1)
				mu.Lock()
				bookLat = append(bookLat, d)
				mu.Unlock()
				if err := cl.cancel(ctx, tokens[k], code); err != nil && ctx.Err() == nil {
					failures.Add(1)
				}
			}()
		}
	}()

	type sample struct {
		at          time.Duration
		rss, gor    float64
		book, wxp99 time.Duration
	}
	var samples []sample
	start := time.Now()
	tick := time.NewTicker(window)
	defer tick.Stop()
	for done := false; !done; {
		select {
		case <-tick.C:
		case <-ctx.Done():
			done = true
		}
		m, err := scrape(context.Background(), metrics)
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		mu.Lock()
		s := sample{at: time.Since(start), rss: m["process_resident_memory_bytes"] / 1e6, gor: m["go_goroutines"], book: p99(bookLat), wxp99: p99(wxLat)}
		empty := len(bookLat) == 0 && len(wxLat) == 0
		bookLat, wxLat = nil, nil
		mu.Unlock()
		if empty && len(samples) > 0 {
			continue // the load ended with the last window
		}
		samples = append(samples, s)
		fmt.Fprintf(o.Out, "%8s  %9.1f  %10.0f  %12s  %12s  %9d  %9d\n", s.at.Round(time.Second), s.rss, s.gor, round(s.book), round(s.wxp99),
			booked.Load(), failures.Load())
	}
	first, last := samples[0], samples[len(samples)-1]
	fmt.Fprintf(o.Out, "\nstart → end: RSS %.1f → %.1f MB, goroutines %.0f → %.0f, booking p99 %s → %s, WeChat p99 %s → %s; %d bookings, %d errors\n",
		first.rss, last.rss, first.gor, last.gor, round(first.book), round(last.book), round(first.wxp99), round(last.wxp99), booked.Load(), failures.Load())
	return nil
}

func p99(l []time.Duration) time.Duration {
	if len(l) == 0 {
		return 0
	}
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	return l[len(l)*99/100]
}

// scrape reads the unlabelled samples of a Prometheus text page.
func scrape(ctx context.Context, url string) (map[string]float64, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("%s answered %d", url, resp.StatusCode)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.Contains(line, "{") {
			continue
		}
		if f := strings.Fields(line); len(f) == 2 {
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				out[f[0]] = v
			}
		}
	}
	return out, sc.Err()
}

// benchClient speaks the citizen API.
type benchClient struct {
	target string
	http   *http.Client
}

type benchSlot struct{ day, session string }

func (c *benchClient) post(ctx context.Context, path string, body any, token string, out any) (int, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.target+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode, nil
}

// sessions lists the bookable sessions from skip days ahead on.
func (c *benchClient) sessions(ctx context.Context, skip int) ([]benchSlot, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.target+"/api/v1/booking/sessions", nil)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var offers struct {
		Sessions []struct {
			Day, Session, Leader string
			Free                 int
		} `json:"sessions"`
	}
	json.NewDecoder(resp.Body).Decode(&offers)
	var days []string
	var out []benchSlot
	for _, s := range offers.Sessions {
		if len(days) == 0 || days[len(days)-1] != s.Day {
			days = append(days, s.Day)
		}
		if len(days) > skip && s.Free > 0 && s.Leader == "" {
			out = append(out, benchSlot{s.Day, s.Session})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no bookable session %d days ahead", skip)
	}
	return out, nil
}

func (c *benchClient) book(ctx context.Context, token, phone string, s benchSlot, i int) (string, error) {
	var ans struct {
		Booking struct{ Code string } `json:"booking"`
	}
	code, err := c.post(ctx, "/api/v1/bookings", map[string]string{"name": "测试群众", "phone": phone,
		"matter": fmt.Sprintf("压力测试事项第%d号：小区道路长期积水，请求维修排水设施", i), "district": "福田区", "day": s.day, "session": s.session}, token, &ans)
	if err != nil || code != 201 {
		return "", fmt.Errorf("book: %d %v", code, err)
	}
	return ans.Booking.Code, nil
}

func (c *benchClient) cancel(ctx context.Context, token, code string) error {
	if st, err := c.post(ctx, "/api/v1/bookings/"+code+"/cancel", map[string]string{}, token, nil); err != nil || st != 200 {
		return fmt.Errorf("cancel: %d %v", st, err)
	}
	return nil
}

// signIn signs n citizens in the way a real one does: an SMS code read from the fake, then
// /api/v1/login/phone.
func signIn(ctx context.Context, c *benchClient, fake *aliyunfake.Server, n int) (tokens, phones []string, err error) {
	var mu sync.Mutex
	codes := map[string]chan string{}
	fake.OnSend = func(m aliyunfake.Message) {
		if code, ok := m.Params["code"]; ok && m.TemplateCode == "SMS_XF0001" {
			mu.Lock()
			ch := codes[m.Phone]
			mu.Unlock()
			if ch != nil {
				ch <- code
			}
		}
	}
	base := 10000000 + rand.IntN(80000000)
	tokens, phones = make([]string, n), make([]string, n)
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < 32; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || failed.Load() != nil {
					return
				}
				phone := fmt.Sprintf("198%08d", (base+i)%100000000)
				ch := make(chan string, 1)
				mu.Lock()
				codes[phone] = ch
				mu.Unlock()
				if st, err := c.post(ctx, "/api/v1/sms/code", map[string]string{"phone": phone, "purpose": "login"}, "", nil); err != nil || st != 202 {
					failed.Store(fmt.Errorf("sms code for %s: %d %v (raise XF_VERIFY_PER_IP_HOUR/DAY on the server)", phone, st, err))
					return
				}
				var code string
				select {
				case code = <-ch:
				case <-time.After(15 * time.Second):
					failed.Store(fmt.Errorf("no SMS reached %s: start the server with XF_SMS_ENDPOINT=%s XF_SMS_SCHEME=http XF_SMS_ACCESS_KEY_ID=bench XF_SMS_ACCESS_KEY_SECRET=bench", phone, fake.Host()))
					return
				}
				var tok struct {
					Token string `json:"token"`
				}
				if st, err := c.post(ctx, "/api/v1/login/phone", map[string]string{"phone": phone, "code": code}, "", &tok); err != nil || st != 200 {
					failed.Store(fmt.Errorf("login %s: %d %v", phone, st, err))
					return
				}
				tokens[i], phones[i] = tok.Token, phone
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return nil, nil, err
	}
	return tokens, phones, nil
}
