package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
)

// Three instances of the program on one MariaDB and one Redis, started at once on an empty
// database, behind a round-robin client: migrations run once and one admin is created; 1,000
// citizens booking 51 places get exactly 51 bookings, 51 places counted and one SMS each; a
// WeChat message retried to another instance is answered alike and recorded once; the deadline
// pass run on all three at once reminds each deadline once.
func TestThreeInstances(t *testing.T) {
	if len(backends()) < 2 {
		t.Fatal("XF_TEST_MYSQL_DSN and XF_TEST_REDIS_ADDR are needed")
	}
	testClockAt(t, time.Date(2026, 12, 1, 9, 0, 0, 0, service.Shanghai))
	env := testEnv(t, "mysql")
	for k, v := range map[string]string{"XF_BOOKING_CAPACITY": "17", "XF_VERIFY_PER_IP_HOUR": "100000", "XF_VERIFY_PER_IP_DAY": "100000",
		"XF_BOOKING_PER_IP_HOUR": "100000", "XF_HTTP_REQUEST_TIMEOUT": "20s"} {
		env[k] = v
	}
	fake := withFakeSMS(t, env)
	withFakeWeChat(t, env)
	tps := make([]*testProgram, 3)
	var wg sync.WaitGroup
	for i := range tps {
		wg.Add(1)
		go func() { defer wg.Done(); tps[i] = MustRunProgram(t, env) }()
	}
	wg.Wait()
	ctx := context.Background()
	var migrations, admins int
	// Each migration applied once (a second apply would be a second row of its version).
	if err := tps[0].DB.QueryRowContext(ctx, `SELECT COUNT(*) - COUNT(DISTINCT version_id) FROM goose_db_version WHERE is_applied`).Scan(&migrations); err != nil {
		t.Fatal(err)
	}
	if err := tps[0].DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_users`).Scan(&admins); err != nil {
		t.Fatal(err)
	}
	announced, creator := 0, 0
	for i, tp := range tps {
		if k := strings.Count(tp.out.String(), "created the admin account"); k > 0 {
			announced, creator = announced+k, i
		}
	}
	if migrations != 0 || admins != 1 || announced != 1 {
		t.Fatalf("%d migrations applied twice, %d accounts, first admin announced %d times", migrations, admins, announced)
	}
	var rr atomic.Int64
	next := func() *client { return newClient(t, tps[rr.Add(1)%3].base) }

	// 1,000 citizens ask for a code (round robin), then all book the same session.
	var sessions sessionsAnswer
	if code := next().getJSON("/api/v1/booking/sessions", &sessions); code != 200 || len(sessions.Sessions) == 0 {
		t.Fatalf("sessions: %d", code)
	}
	slot := sessions.Sessions[0]
	places := slot.Free // three rooms of 17
	if places != 51 {
		t.Fatalf("places in %s %s: %d", slot.Day, slot.Session, places)
	}
	const n = 1000
	phones := make([]string, n)
	for i := range phones {
		phones[i] = fmt.Sprintf("137%08d", i)
	}
	parallel(t, n, 24, func(i int) error {
		if code := next().postJSON("/api/v1/sms/code", map[string]string{"phone": phones[i], "purpose": "booking"}, nil); code != 202 {
			return fmt.Errorf("code for %s: %d\n%s", phones[i], code, failures(tps))
		}
		return nil
	})
	codes := map[string]string{}
	start := time.Now()
	for {
		for _, m := range fake.Sent() {
			if m.TemplateCode == "SMS_XF0001" {
				codes[m.Phone] = m.Params["code"]
			}
		}
		if len(codes) == n {
			break
		}
		if time.Since(start) > 3*time.Minute {
			t.Fatalf("%d of %d code SMS after %s\n%s", len(codes), n, time.Since(start), failures(tps))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("the last of 1,000 codes arrived %s after the last request", time.Since(start).Round(time.Millisecond))
	var booked, full atomic.Int64
	parallel(t, n, 24, func(i int) error {
		in := map[string]string{"name": "李四", "phone": phones[i], "code": codes[phones[i]], "matter": "工资被拖欠三个月，请求帮助追讨",
			"district": "福田区", "day": slot.Day, "session": slot.Session}
		var e apiError
		switch code := next().postJSON("/api/v1/bookings", in, &e); {
		case code == 201:
			booked.Add(1)
		case code == 409 || code == 422 && e.Error.Field == "session":
			full.Add(1)
		default:
			return fmt.Errorf("booking %d: %d %+v", i, code, e)
		}
		return nil
	})
	var rows, counted int
	if err := tps[1].DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE day = ? AND session = ?`, slot.Day, slot.Session).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if err := tps[2].DB.QueryRowContext(ctx, `SELECT COALESCE(SUM(booked), 0) FROM booking_slots WHERE day = ? AND session = ?`, slot.Day, slot.Session).Scan(&counted); err != nil {
		t.Fatal(err)
	}
	if booked.Load() != int64(places) || full.Load() != int64(n-places) || rows != places || counted != places {
		t.Fatalf("booked %d, refused as full %d, rows %d, places counted %d", booked.Load(), full.Load(), rows, counted)
	}
	waitLong(t, "one booking SMS each", time.Minute, func() bool { return receivedOnce(fake) == places })
	if got := receivedOnce(fake); got != places {
		t.Fatalf("booking SMS: %d phones", got)
	}

	// WeChat gives up on the first instance and retries the message on another.
	now := tps[0].clock.Now()
	_, first := wxSend(t, tps[0].base, textMsg("我想预约来访", 7001, now), true, now)
	_, again := wxSend(t, tps[1].base, textMsg("我想预约来访", 7001, now), true, now.Add(5*time.Second))
	if first == "" || again != first {
		t.Fatalf("retried on another instance: %q / %q", first, again)
	}
	waitFor(t, "the message recorded", func() bool {
		var k int
		tps[2].DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM wechat_messages WHERE msg_id = 7001`).Scan(&k)
		return k >= 1
	})
	time.Sleep(500 * time.Millisecond) // both recorders flushed (every 200 ms)
	var recorded int
	tps[2].DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM wechat_messages WHERE msg_id = 7001`).Scan(&recorded)
	if recorded != 1 {
		t.Fatalf("retried message recorded %d times", recorded)
	}

	// Three cases, then the deadline pass on all three instances at once, at the first
	// reminder of their two deadlines.
	admin := adminClient(t, tps[creator])
	for i := 0; i < 3; i++ {
		if code := admin.postJSON("/admin/api/cases", map[string]any{"channel": "letter", "name": fmt.Sprintf("王%d", i), "district": "罗湖区",
			"content": fmt.Sprintf("第%d件：罗湖区东门某商铺长期占用消防通道堆放货物，请求消防部门查处。", i)}, nil); code != 201 {
			t.Fatalf("case %d: %d", i, code)
		}
	}
	at := time.Date(2026, 12, 13, 9, 0, 0, 0, service.Shanghai)
	tps[0].clock.Set(at)
	results := make([]cases.PassResult, 3)
	for i, tp := range tps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			if results[i], err = tp.Cases.DeadlinePass(service.SystemActor(ctx, "test"), at); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if r := results[0].Reminders + results[1].Reminders + results[2].Reminders; r != 6 {
		t.Fatalf("reminders %d, want 6 (two deadlines of three cases, once each): %+v", r, results)
	}
}

// receivedOnce counts the phones that got exactly one booking acknowledgement, failing on any
// that got two.
func receivedOnce(fake *aliyunfake.Server) int {
	per := map[string]int{}
	for _, m := range fake.Sent() {
		if m.TemplateCode != "SMS_XF0001" {
			per[m.Phone]++
		}
	}
	once := 0
	for _, k := range per {
		if k == 1 {
			once++
		} else {
			return -k
		}
	}
	return once
}

// parallel runs fn for 0..n-1 on workers goroutines and fails on the first error.
func parallel(t *testing.T, n, workers int, fn func(i int) error) {
	t.Helper()
	work := make(chan int)
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := fn(i); err != nil {
					errs <- err
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// failures are the error lines the instances logged.
func failures(tps []*testProgram) string {
	var b strings.Builder
	for i, tp := range tps {
		for _, l := range strings.Split(tp.out.String(), "\n") {
			if strings.Contains(l, "ERROR") {
				fmt.Fprintf(&b, "instance %d: %s\n", i, l)
			}
		}
	}
	return b.String()
}
