package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/szxinfang/xinfang/configs"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/notify"
	"github.com/szxinfang/xinfang/store/pii"
	"github.com/szxinfang/xinfang/store/sms"
	"github.com/szxinfang/xinfang/store/sms/aliyunfake"
	"github.com/szxinfang/xinfang/store/sqlstore"
)

// outboxBench measures dispatch throughput: N messages recorded in a scratch database (MariaDB
// when -mysql is given, else SQLite), then sent by the real dispatcher and Alibaba Cloud sender
// to the local fake, which checks every signature. It runs in process: the dispatcher is not an
// HTTP endpoint.
type outboxBench struct {
	messages  int
	instances int
	workers   int
	batch     int
	mysqlDSN  string
}

func (b outboxBench) run(ctx context.Context, out io.Writer) error {
	db, cleanup, err := b.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	st, err := configs.LoadSMSTemplates("")
	if err != nil {
		return err
	}
	tpl := &notify.Templates{MaxLen: st.MaxLen, ByKind: map[string]notify.Template{}}
	for k, v := range st.Templates {
		tpl.ByKind[k] = notify.Template{Code: v.Code, Text: v.Text, Params: v.Params}
	}
	fake := aliyunfake.New("bench-key", "bench-secret", time.Now)
	defer fake.Close()

	// Record the messages, 500 per transaction.
	var batch []*notify.Message
	for i := 0; i < b.messages; i++ {
		m, err := tpl.SMS("case_received", fmt.Sprintf("138%08d", i), map[string]string{"case_no": fmt.Sprintf("XF20261127%06d", i), "query_code": "Q1W2E3R4"},
			fmt.Sprintf("bench:%d", i), "bench", fmt.Sprint(i))
		if err != nil {
			return err
		}
		batch = append(batch, m)
		if len(batch) == 500 || i == b.messages-1 {
			if err := db.Enqueue(ctx, batch...); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}

	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < b.instances; i++ {
		sms, err := sms.NewAliyun(sms.AliyunOptions{AccessKeyID: "bench-key", AccessKeySecret: "bench-secret", SignName: "深圳信访",
			Region: "cn-hangzhou", Endpoint: fake.Host(), Scheme: "http", Timeout: 10 * time.Second, Pool: b.workers, Templates: tpl, Now: time.Now})
		if err != nil {
			return err
		}
		d := &notify.Dispatcher{Store: db, Senders: map[string]notify.Sender{notify.ChannelSMS: sms}, Log: log, Now: time.Now,
			Owner: fmt.Sprintf("bench-%d", i), Workers: b.workers, Batch: b.batch, Lease: time.Minute, MaxAttempts: 8,
			BackoffBase: time.Second, BackoffMax: time.Minute, Poll: 50 * time.Millisecond}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n, err := d.RunOnce(ctx)
				if err != nil {
					fmt.Fprintln(os.Stderr, "dispatch:", err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	sent := fake.Sent()
	perMsg := map[string]int{}
	for _, m := range sent {
		perMsg[m.OutID]++
	}
	dups := 0
	for _, n := range perMsg {
		if n > 1 {
			dups++
		}
	}
	lat := make([]time.Duration, 0, len(sent))
	for _, m := range sent {
		lat = append(lat, m.At.Sub(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	dialect := "SQLite"
	if db.Dialect == sqlstore.MySQL {
		dialect = "MariaDB/MySQL"
	}
	fmt.Fprintf(out, "outbox dispatch on %s: %d messages, %d instance(s) × %d workers, batch %d\n", dialect, b.messages, b.instances, b.workers, b.batch)
	fmt.Fprintf(out, "  sent %d (distinct %d, duplicates %d, bad signatures %d) in %s\n", len(sent), len(perMsg), dups, fake.BadSignatures(), elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "  throughput %.1f messages/s\n", float64(len(perMsg))/elapsed.Seconds())
	if len(lat) > 0 {
		fmt.Fprintf(out, "  time to provider: p50 %s, p99 %s\n", lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)*99/100].Round(time.Millisecond))
	}
	if len(perMsg) != b.messages || dups > 0 {
		return fmt.Errorf("expected each of %d messages once, got %d distinct with %d duplicated", b.messages, len(perMsg), dups)
	}
	return nil
}

// open creates a scratch database: xf_test_bench_* on the MySQL server, or a temp SQLite file.
func (b outboxBench) open(ctx context.Context) (*sqlstore.DB, func(), error) {
	if b.mysqlDSN == "" {
		dir, err := os.MkdirTemp("", "xfbench")
		if err != nil {
			return nil, nil, err
		}
		db, err := sqlstore.Open(ctx, sqlstore.Options{SQLitePath: filepath.Join(dir, "bench.db")}, pii.NewRandomCipher(), time.Now)
		if err != nil {
			return nil, nil, err
		}
		if _, err := db.Migrate(ctx, nil); err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close(); os.RemoveAll(dir) }, nil
	}
	cfg, err := mysql.ParseDSN(b.mysqlDSN)
	if err != nil {
		return nil, nil, err
	}
	admin, err := sql.Open("mysql", b.mysqlDSN)
	if err != nil {
		return nil, nil, err
	}
	name := "xf_test_bench_" + service.RandomToken(4)
	name = sanitizeDBName(name)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4"); err != nil {
		admin.Close()
		return nil, nil, fmt.Errorf("create scratch database: %w", err)
	}
	drop := func() { admin.Exec("DROP DATABASE " + name); admin.Close() }
	cfg.DBName = name
	db, err := sqlstore.Open(ctx, sqlstore.Options{MySQLDSN: cfg.FormatDSN(), MaxOpenConns: 40, MaxIdleConns: 40, ConnMaxLifetime: time.Minute},
		pii.NewRandomCipher(), time.Now)
	if err != nil {
		drop()
		return nil, nil, err
	}
	if _, err := db.Migrate(ctx, nil); err != nil {
		db.Close()
		drop()
		return nil, nil, err
	}
	return db, func() { db.Close(); drop() }, nil
}

func sanitizeDBName(s string) string {
	out := []byte(s)
	for i, c := range out {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			out[i] = '_'
		}
	}
	return string(out)
}
