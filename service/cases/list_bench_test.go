package cases_test

import (
	"context"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/servicetest"
)

// BenchmarkCaseListFirstPage measures the staff list's first page (50 cases) over
// XF_BENCH_CASES stored cases (default 1,000,000, the register benchmark's kept database on
// XF_TEST_MYSQL_DSN, with 告知是否受理 deadlines added once) for the filters people use, as a
// registrar and as a handler (their office's and their own cases). Target: p99 ≤ 100 ms. Run:
//
//	go test ./service/cases -run XXX -bench CaseListFirstPage -benchtime 200x -timeout 2h
func BenchmarkCaseListFirstPage(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("XF_BENCH_CASES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	if os.Getenv("XF_TEST_MYSQL_DSN") == "" {
		b.Skip("XF_TEST_MYSQL_DSN not set: this benchmark runs on MariaDB/MySQL")
	}
	db := benchDB(b, "mysql", n)
	// The stream of the register benchmark runs through 2025; "today" is just after it.
	today := time.Date(2026, 1, 5, 10, 0, 0, 0, service.Shanghai)
	svc := caseService(b, db, func() time.Time { return today })
	svc.Rules = servicetest.Data(b).Deadlines
	ctx := context.Background()
	var have int
	db.QueryRow(`SELECT COUNT(*) FROM case_deadlines`).Scan(&have)
	if have == 0 {
		// 告知是否受理 for every case; those due before the last fortnight were met, in time for
		// nine in ten.
		start := time.Now()
		for _, q := range []string{
			`INSERT INTO case_deadlines (case_id, kind, start_at, due_date, state, met_at, stage)
				SELECT id, 'accept', received_at, DATE_FORMAT(DATE_ADD(DATE(TIMESTAMPADD(HOUR, 8, received_at)), INTERVAL 15 DAY), '%Y-%m-%d'),
					'open', NULL, 0 FROM cases`,
			`UPDATE case_deadlines SET state = 'met', met_at = TIMESTAMPADD(DAY, IF(case_id % 10 = 0, 20, 5), start_at)
				WHERE due_date < '2025-12-20'`,
			`UPDATE cases SET owner = CONCAT('handler', id % 40) WHERE owner = ''`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("deadlines added in %s", time.Since(start).Round(time.Second))
	}
	registrar := servicetest.StaffCtx(service.RoleRegistrar)
	handler := service.WithActor(ctx, service.Actor{UserID: 7, Username: "handler7", User: &service.User{ID: 7, Username: "handler7",
		Roles: []service.Role{service.RoleHandler}, Office: "office2"}})
	for _, tc := range []struct {
		name string
		ctx  context.Context
		f    cases.Filter
	}{
		{"all", registrar, cases.Filter{}},
		{"office", registrar, cases.Filter{Office: "office2"}},
		{"handler-scope", handler, cases.Filter{}},
		{"handler-scope+status", handler, cases.Filter{Status: cases.StatusRegistered}},
		{"district", registrar, cases.Filter{District: "大鹏新区"}},
		{"category", registrar, cases.Filter{Category: "教育"}},
		{"channel", registrar, cases.Filter{Channel: cases.ChannelSuperior}},
		{"month", registrar, cases.Filter{From: "2025-03-01", To: "2025-03-31"}},
		{"office+category+month", registrar, cases.Filter{Office: "office1", Category: "劳动社保", From: "2025-06-01", To: "2025-06-30"}},
		{"overdue", registrar, cases.Filter{Risk: "overdue"}},
		{"handler-overdue", handler, cases.Filter{Risk: "overdue"}},
		{"search-name", registrar, cases.Filter{Query: "王伟"}},
		{"search-case-no", registrar, cases.Filter{Query: "XB000000500000"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			rows := 0
			for i := 0; i < b.N; i++ {
				f := tc.f
				f.Limit = 50
				start := time.Now()
				list, err := svc.List(tc.ctx, f)
				lat = append(lat, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				rows = len(list)
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			p := func(q float64) float64 {
				return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
			}
			b.ReportMetric(p(0.5), "p50-ms")
			b.ReportMetric(p(0.99), "p99-ms")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
