package cases_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/servicetest"
	"github.com/szxinfang/xinfang/store/pii"
	"github.com/szxinfang/xinfang/store/sqlstore"
)

// deadlineT0 is the benchmark's "now" at seeding: midnight Beijing, 2026-12-01.
var deadlineT0 = time.Date(2026, 12, 1, 0, 0, 0, 0, service.Shanghai)

// BenchmarkDeadlinePass runs the deadline job as the server does — one pass a minute — over
// XF_BENCH_CASES cases (default 1,000,000) on MariaDB/MySQL, one simulated day per op: 1,440
// passes, the 09:00 one sending the day's reminders and the 00:00 one escalating the day's
// missed deadlines. It reports the average and the slowest pass, and the rows the server read
// per idle pass (from Handler_read_* counters: a scan would read millions). Run:
//
//	XF_TEST_MYSQL_DSN='root@tcp(127.0.0.1:3306)/' go test ./service/cases -run XXX -bench DeadlinePass -benchtime 3x -timeout 1h
func BenchmarkDeadlinePass(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("XF_BENCH_CASES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	db := deadlineBenchDB(b, n)
	svc := caseService(b, db, func() time.Time { return deadlineT0 })
	svc.Rules = servicetest.Data(b).Deadlines
	ctx := service.SystemActor(context.Background(), "bench")
	var open int
	db.QueryRow(`SELECT COUNT(*) FROM case_deadlines WHERE next_at IS NOT NULL`).Scan(&open)
	var total int
	db.QueryRow(`SELECT COUNT(*) FROM case_deadlines`).Scan(&total)
	b.Logf("%d cases, %d deadlines, %d with a next action", n, total, open)

	// An idle pass first: how many rows does the server touch when nothing is due?
	before := handlerReads(b, db)
	if _, err := svc.DeadlinePass(ctx, deadlineT0.Add(30*time.Minute)); err != nil {
		b.Fatal(err)
	}
	idleRows := handlerReads(b, db) - before

	var reminders, escalations int
	var slowest, sum, at0000, at0900 time.Duration
	passes := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		day := deadlineT0.AddDate(0, 0, i)
		for m := 0; m < 24*60; m++ {
			at := day.Add(time.Duration(m) * time.Minute)
			start := time.Now()
			res, err := svc.DeadlinePass(ctx, at)
			took := time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			reminders += res.Reminders
			escalations += res.Escalations
			sum += took
			slowest = max(slowest, took)
			switch m {
			case 0:
				at0000 += took
			case 9 * 60:
				at0900 += took
			}
			passes++
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(sum.Microseconds())/float64(passes)/1000, "ms/pass")
	b.ReportMetric(float64(slowest.Microseconds())/1000, "ms/slowest-pass")
	b.ReportMetric(float64(at0000.Microseconds())/1000/float64(b.N), "ms/00:00-pass")
	b.ReportMetric(float64(at0900.Microseconds())/1000/float64(b.N), "ms/09:00-pass")
	b.ReportMetric(float64(reminders)/float64(b.N), "reminders/day")
	b.ReportMetric(float64(escalations)/float64(b.N), "escalations/day")
	b.ReportMetric(float64(idleRows), "rows-read/idle-pass")
}

// handlerReads sums the server's row reads (index lookups, index steps, table scan steps).
func handlerReads(b *testing.B, db *sqlstore.DB) int64 {
	b.Helper()
	rows, err := db.Query(`SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_read_key', 'Handler_read_next', 'Handler_read_rnd_next', 'Handler_read_first')`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var sum int64
	for rows.Next() {
		var name string
		var v int64
		rows.Scan(&name, &v)
		sum += v
	}
	return sum
}

// deadlineBenchDB opens the kept benchmark database, seeding it once (set-based SQL, a minute or
// so) with n cases received every 15.5 s before deadlineT0 and their 告知是否受理 and 办结答复
// deadlines, open or met as a steady-state bureau would have them; each run first puts back the
// deadlines an earlier run advanced.
func deadlineBenchDB(b *testing.B, n int) *sqlstore.DB {
	b.Helper()
	dsn := os.Getenv("XF_TEST_MYSQL_DSN")
	if dsn == "" {
		b.Skip("XF_TEST_MYSQL_DSN not set: this benchmark runs on MariaDB/MySQL")
	}
	ctx := context.Background()
	cfg, _ := mysql.ParseDSN(dsn)
	name := fmt.Sprintf("xf_test_bench_deadlines_%d", n)
	admin, err := sql.Open("mysql", dsn)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE IF NOT EXISTS " + name + " CHARACTER SET utf8mb4"); err != nil {
		b.Fatal(err)
	}
	admin.Close()
	cfg.DBName = name
	cipher, _ := pii.NewCipher("b1:"+"QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=", "SUlJSUlJSUlJSUlJSUlJSUlJSUlJSUlJSUlJSUlJSUk=")
	db, err := sqlstore.Open(ctx, sqlstore.Options{MySQLDSN: cfg.FormatDSN(), MaxOpenConns: 8, MaxIdleConns: 8, ConnMaxLifetime: time.Hour},
		cipher, func() time.Time { return deadlineT0 })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx, nil); err != nil {
		b.Fatal(err)
	}
	t0 := deadlineT0.UTC().Format("2006-01-02 15:04:05")
	var have int
	db.QueryRow(`SELECT COUNT(*) FROM cases`).Scan(&have)
	if have < n {
		start := time.Now()
		digits := `(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
			UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)`
		seq := fmt.Sprintf(`SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d + 1 AS n
			FROM %[1]s a, %[1]s b, %[1]s c, %[1]s e, %[1]s f, %[1]s g`, digits)
		for _, q := range []string{
			`DELETE FROM case_deadlines`, `DELETE FROM cases`,
			// Cases received every 15.5 s going back from T0, owned by handlers of the three offices.
			fmt.Sprintf(`INSERT INTO cases (id, case_no, query_code, status, office, owner, name, summary_enc, channel, received_at,
				last_received_at, created_at, updated_at)
				SELECT n, CONCAT('XD', LPAD(n, 12, '0')), CONCAT('D', LPAD(n, 9, '0')), IF(n %% 5 = 0, 'registered', 'handling'),
					CONCAT('office', 1 + n %% 3), CONCAT('handler', n %% 40), '', '', 'online',
					TIMESTAMPADD(MICROSECOND, -n * 15500000, '%[1]s'), TIMESTAMPADD(MICROSECOND, -n * 15500000, '%[1]s'), '%[1]s', '%[1]s'
				FROM (%[2]s) s WHERE n <= %[3]d`, t0, seq, n),
			// 告知是否受理, due 15 days after receipt (Beijing date).
			`INSERT INTO case_deadlines (case_id, kind, start_at, due_date, state, stage)
				SELECT id, 'accept', received_at, DATE_FORMAT(DATE_ADD(DATE(TIMESTAMPADD(HOUR, 8, received_at)), INTERVAL 15 DAY), '%Y-%m-%d'), 'open', 0
				FROM cases`,
			// 办结答复 for the accepted four in five, due 75 days after receipt.
			`INSERT INTO case_deadlines (case_id, kind, start_at, due_date, state, stage)
				SELECT id, 'reply', received_at, DATE_FORMAT(DATE_ADD(DATE(TIMESTAMPADD(HOUR, 8, received_at)), INTERVAL 75 DAY), '%Y-%m-%d'), 'open', 0
				FROM cases WHERE status = 'handling'`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				b.Fatalf("seed: %v\n%s", err, q)
			}
		}
		// Deadlines well past are met; recent ones overdue and already escalated.
		if _, err := db.ExecContext(ctx, `UPDATE case_deadlines SET state = 'met', met_at = start_at WHERE due_date < '2026-11-24'`); err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded %d cases in %s", n, time.Since(start).Round(time.Second))
	}
	// Put back what earlier runs did: the open deadlines' stage and next action as of T0 (the
	// reminder days here ignore rest days; the pass's own planning does not), and no reminders,
	// 督办单 or events.
	start := time.Now()
	for _, q := range []string{
		`DELETE FROM case_reminders`, `DELETE FROM case_supervisions`, `DELETE FROM case_events`,
		`UPDATE case_deadlines SET
			stage = CASE WHEN due_date < '2026-12-01' THEN 3 WHEN due_date > '2026-12-03' THEN 0 WHEN due_date > '2026-12-01' THEN 1 ELSE 2 END,
			next_at = CASE WHEN due_date < '2026-12-01' THEN NULL
				WHEN due_date > '2026-12-03' THEN TIMESTAMPADD(HOUR, 1, DATE_SUB(due_date, INTERVAL 3 DAY))
				WHEN due_date > '2026-12-01' THEN TIMESTAMPADD(HOUR, 1, DATE_SUB(due_date, INTERVAL 1 DAY))
				ELSE TIMESTAMPADD(HOUR, -8, DATE_ADD(due_date, INTERVAL 1 DAY)) END
			WHERE state = 'open'`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			b.Fatalf("reset: %v", err)
		}
	}
	b.Logf("reset in %s", time.Since(start).Round(time.Millisecond))
	return db
}
