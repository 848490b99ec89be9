// Command xfbench drives a running xinfang server at a fixed rate (or as fast as it goes) and
// prints throughput and latency for a scenario next to the same figures for GET /healthz
// measured in the same run, with the ratio between them: this machine is noisy, so only the
// ratio is comparable across runs.
//
//	xfbench -target http://127.0.0.1:8080 -scenario healthz -rate 1000 -duration 10s
//	xfbench -scenario healthz -rate 0 -workers 64      # as fast as it goes
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// options are the command-line settings every scenario sees.
type options struct {
	Target   string
	Rate     int
	Duration time.Duration
	Workers  uint64
	Warmup   time.Duration
	Out      io.Writer
	Getenv   func(string) string

	// outbox scenario
	Messages   int
	Instances  int
	OutWorkers int
	Batch      int
	MySQLDSN   string

	// wechat scenario: the server's XF_WECHAT_TOKEN, XF_WECHAT_AESKEY, XF_WECHAT_APPID
	WeChatToken  string
	WeChatAESKey string
	WeChatAppID  string

	// booking scenario: where the server's SMS go
	SMSFake string

	// soak scenario
	BookingRate, WeChatRate int
	Metrics                 string
}

// scenario prepares a targeter for the load; cleanup runs after the attack. A scenario with
// local set measures something that is not an HTTP endpoint, in process, instead.
type scenario struct {
	name    string
	help    string
	prepare func(ctx context.Context, o options) (vegeta.Targeter, func(), error)
	local   func(ctx context.Context, o options) error
	// warmup replaces -warmup's default for this scenario (booking: the seconds after
	// signing thousands of citizens in are slower than the service).
	warmup time.Duration
}

// warmupFor is the warm-up a run uses: -warmup when given, else the scenario's own, else the
// flag's default.
func warmupFor(sc scenario, given bool, flagValue time.Duration) time.Duration {
	if !given && sc.warmup > 0 {
		return sc.warmup
	}
	return flagValue
}

var scenarios = map[string]scenario{}

func register(s scenario) { scenarios[s.name] = s }

func init() {
	register(scenario{name: "healthz", help: "GET /healthz (the baseline itself)", prepare: func(_ context.Context, o options) (vegeta.Targeter, func(), error) {
		return healthzTargeter(o), func() {}, nil
	}})
}

func healthzTargeter(o options) vegeta.Targeter {
	return vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodGet, URL: o.Target + "/healthz"})
}

func init() {
	register(scenario{name: "outbox", help: "outbox dispatch throughput to a local fake of Alibaba Cloud SMS (in process)",
		local: func(ctx context.Context, o options) error {
			return outboxBench{messages: o.Messages, instances: o.Instances, workers: o.OutWorkers, batch: o.Batch, mysqlDSN: o.MySQLDSN}.run(ctx, o.Out)
		}})
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "xfbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("xfbench", flag.ContinueOnError)
	o := options{Out: out, Getenv: getenv}
	name := fs.String("scenario", "healthz", "scenario to run: "+strings.Join(scenarioNames(), ", "))
	fs.StringVar(&o.Target, "target", "http://127.0.0.1:8080", "base URL of the running server")
	fs.IntVar(&o.Rate, "rate", 500, "requests per second; 0 = as fast as the workers go")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "length of each attack")
	fs.Uint64Var(&o.Workers, "workers", 32, "concurrent workers (the maximum when -rate 0)")
	fs.DurationVar(&o.Warmup, "warmup", time.Second, "unmeasured warm-up before each attack (booking: 5s unless given)")
	fs.IntVar(&o.Messages, "messages", 5000, "outbox: messages to dispatch")
	fs.IntVar(&o.Instances, "instances", 1, "outbox: dispatchers (instances) sharing the database")
	fs.IntVar(&o.OutWorkers, "outbox-workers", 8, "outbox: concurrent sends per dispatcher")
	fs.IntVar(&o.Batch, "batch", 50, "outbox: messages claimed per round")
	fs.StringVar(&o.MySQLDSN, "mysql", "", "outbox, booking-tx (and booking, for its ratio): MySQL/MariaDB server DSN (a scratch database xf_test_bench_* is created and dropped); empty: SQLite")
	fs.StringVar(&o.WeChatToken, "wechat-token", getenv("XF_WECHAT_TOKEN"), "wechat: the server's token (default $XF_WECHAT_TOKEN)")
	fs.StringVar(&o.WeChatAESKey, "wechat-aeskey", getenv("XF_WECHAT_AESKEY"), "wechat: EncodingAESKey; set to send encrypted (safe-mode) messages")
	fs.StringVar(&o.WeChatAppID, "wechat-appid", getenv("XF_WECHAT_APPID"), "wechat: AppID (with -wechat-aeskey)")
	fs.StringVar(&o.SMSFake, "sms-fake", "127.0.0.1:9099", "booking, soak: address of the local SMS fake the server sends to (XF_SMS_ENDPOINT)")
	fs.IntVar(&o.BookingRate, "booking-rate", 100, "soak: bookings (each then cancelled) per second")
	fs.IntVar(&o.WeChatRate, "wechat-rate", 500, "soak: WeChat messages per second")
	fs.StringVar(&o.Metrics, "metrics", "", "soak: the server's /metrics URL (its operations listener); empty: <target>/metrics")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sc, ok := scenarios[*name]
	if !ok {
		return fmt.Errorf("unknown scenario %q (have %s)", *name, strings.Join(scenarioNames(), ", "))
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "warmup" })
	o.Warmup = warmupFor(sc, given, o.Warmup)
	if sc.local != nil {
		return sc.local(ctx, o)
	}
	o.Target = strings.TrimRight(o.Target, "/")
	if err := checkServer(ctx, o.Target); err != nil {
		return err
	}
	targeter, cleanup, err := sc.prepare(ctx, o)
	if err != nil {
		return fmt.Errorf("prepare %s: %w", sc.name, err)
	}
	defer cleanup()

	results := []result{{"healthz", attack(ctx, o, "healthz", healthzTargeter(o))}}
	if sc.name != "healthz" {
		results = append(results, result{sc.name, attack(ctx, o, sc.name, targeter)})
	}
	report(out, o, results)
	// The booking's yardstick: its own transaction alone on the same database, in the same run.
	if sc.name == "booking" && o.MySQLDSN != "" && o.Rate == 0 {
		fmt.Fprintln(out)
		tx, err := bareBookingTx(ctx, o)
		if err != nil {
			return fmt.Errorf("booking transaction alone: %w", err)
		}
		b := results[1].m
		fmt.Fprintf(out, "ratio booking/transaction alone: throughput %.2f×\n", safeDiv(b.Throughput, tx.rate()))
	}
	return nil
}

func scenarioNames() []string {
	var names []string
	for n := range scenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func checkServer(ctx context.Context, target string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target+"/healthz", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("server not reachable at %s: %w", target, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s/healthz answered %d", target, resp.StatusCode)
	}
	return nil
}

// attack runs a warm-up then the measured attack and returns its metrics.
func attack(ctx context.Context, o options, name string, tr vegeta.Targeter) *vegeta.Metrics {
	rate := vegeta.Rate{Freq: o.Rate, Per: time.Second}
	opts := []func(*vegeta.Attacker){vegeta.Timeout(10 * time.Second), vegeta.KeepAlive(true), vegeta.Connections(int(o.Workers) * 2)}
	if o.Rate == 0 {
		opts = append(opts, vegeta.Workers(o.Workers), vegeta.MaxWorkers(o.Workers))
	} else {
		opts = append(opts, vegeta.Workers(min(o.Workers, 8)), vegeta.MaxWorkers(o.Workers*4))
	}
	if o.Warmup > 0 {
		a := vegeta.NewAttacker(opts...)
		for range a.Attack(tr, rate, o.Warmup, name+"-warmup") {
		}
	}
	a := vegeta.NewAttacker(opts...)
	var m vegeta.Metrics
	done := ctx.Done()
	for res := range a.Attack(tr, rate, o.Duration, name) {
		m.Add(res)
		select {
		case <-done:
			a.Stop()
			done = nil
		default:
		}
	}
	m.Close()
	return &m
}

type result struct {
	name string
	m    *vegeta.Metrics
}

func report(w io.Writer, o options, rs []result) {
	mode := fmt.Sprintf("fixed rate %d/s", o.Rate)
	if o.Rate == 0 {
		mode = fmt.Sprintf("max rate, %d workers", o.Workers)
	}
	fmt.Fprintf(w, "target %s, %s, %s per attack\n\n", o.Target, mode, o.Duration)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\trequests\tsuccess\tthroughput/s\tp50\tp99\tmax\t")
	for _, r := range rs {
		m := r.m
		fmt.Fprintf(tw, "%s\t%d\t%.1f%%\t%.1f\t%s\t%s\t%s\t\n", r.name, m.Requests, m.Success*100, m.Throughput,
			round(m.Latencies.P50), round(m.Latencies.P99), round(m.Latencies.Max))
	}
	tw.Flush()
	if len(rs) == 2 {
		base, sc := rs[0].m, rs[1].m
		fmt.Fprintf(w, "\nratio %s/healthz: throughput %.2f×, p50 %.2f×, p99 %.2f×\n", rs[1].name, safeDiv(sc.Throughput, base.Throughput),
			safeDiv(float64(sc.Latencies.P50), float64(base.Latencies.P50)), safeDiv(float64(sc.Latencies.P99), float64(base.Latencies.P99)))
	}
	for _, r := range rs {
		if len(r.m.Errors) > 0 {
			fmt.Fprintf(w, "%s errors: %s\n", r.name, strings.Join(firstN(r.m.Errors, 5), "; "))
		}
	}
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	default:
		return d.Round(time.Microsecond).String()
	}
}
