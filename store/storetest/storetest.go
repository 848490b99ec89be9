// Package storetest opens real databases and caches for tests: SQLite always, MariaDB/MySQL when
// XF_TEST_MYSQL_DSN is set and Redis when XF_TEST_REDIS_ADDR is set (CI sets both). Each call
// gets a fresh, migrated database and its own key prefix, dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store/cache"
	"github.com/szxinfang/xinfang/store/pii"
	"github.com/szxinfang/xinfang/store/sqlstore"
)

// Backend is one database to run a test against.
type Backend struct {
	Name string // "sqlite" or "mysql"
	// Open returns a fresh migrated database on the given clock.
	Open func(tb testing.TB, now func() time.Time) *sqlstore.DB
	// OpenShared returns n handles (n instances of the service, each with its own connection
	// pool) on one fresh migrated database.
	OpenShared func(tb testing.TB, now func() time.Time, n int) []*sqlstore.DB
}

// Backends lists SQLite and, when configured, MySQL.
func Backends() []Backend {
	bs := []Backend{{Name: "sqlite", Open: OpenSQLite, OpenShared: func(tb testing.TB, now func() time.Time, n int) []*sqlstore.DB {
		path := filepath.Join(tb.TempDir(), "test.db")
		return openShared(tb, n, sqlstore.Options{SQLitePath: path}, now)
	}}}
	if os.Getenv("XF_TEST_MYSQL_DSN") != "" {
		bs = append(bs, Backend{Name: "mysql", Open: OpenMySQL, OpenShared: func(tb testing.TB, now func() time.Time, n int) []*sqlstore.DB {
			return openShared(tb, n, sqlstore.Options{MySQLDSN: MySQLTestDSN(tb), MaxOpenConns: 10, MaxIdleConns: 10,
				ConnMaxLifetime: time.Minute}, now)
		}})
	}
	return bs
}

// openShared opens n handles on the database of o, sharing one cipher, and migrates it once.
func openShared(tb testing.TB, n int, o sqlstore.Options, now func() time.Time) []*sqlstore.DB {
	tb.Helper()
	cipher := pii.NewRandomCipher()
	out := make([]*sqlstore.DB, n)
	for i := range out {
		db, err := sqlstore.Open(context.Background(), o, cipher, now)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		out[i] = db
	}
	migrate(tb, out[0])
	return out
}

// ForEachDB runs fn as a subtest against every backend, each database on the clock now.
func ForEachDB(t *testing.T, now func() time.Time, fn func(t *testing.T, db *sqlstore.DB)) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.Open(t, now)) })
	}
}

// OpenSQLite returns a migrated SQLite database in a temp dir.
func OpenSQLite(tb testing.TB, now func() time.Time) *sqlstore.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "test.db")
	db, err := sqlstore.Open(context.Background(), sqlstore.Options{SQLitePath: path}, pii.NewRandomCipher(), now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	migrate(tb, db)
	return db
}

// MySQLTestDSN creates a fresh database on the XF_TEST_MYSQL_DSN server and returns its DSN;
// the database is dropped when the test ends.
func MySQLTestDSN(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("XF_TEST_MYSQL_DSN")
	if base == "" {
		tb.Fatal("XF_TEST_MYSQL_DSN is not set")
	}
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		tb.Fatalf("XF_TEST_MYSQL_DSN: %v", err)
	}
	name := "xf_test_" + randHex(6)
	admin, err := sql.Open("mysql", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		admin.Close()
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name)
		admin.Close()
	})
	cfg.DBName = name
	return cfg.FormatDSN()
}

// OpenMySQL returns a migrated database on the XF_TEST_MYSQL_DSN server.
func OpenMySQL(tb testing.TB, now func() time.Time) *sqlstore.DB {
	tb.Helper()
	dsn := MySQLTestDSN(tb)
	db, err := sqlstore.Open(context.Background(), sqlstore.Options{MySQLDSN: dsn, MaxOpenConns: 40, MaxIdleConns: 40,
		ConnMaxLifetime: time.Minute}, pii.NewRandomCipher(), now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	migrate(tb, db)
	return db
}

func migrate(tb testing.TB, db *sqlstore.DB) {
	tb.Helper()
	if _, err := db.Migrate(context.Background(), nil); err != nil {
		tb.Fatal(err)
	}
}

// CacheBackend is one cache to run a test against.
type CacheBackend struct {
	Name string
	Open func(tb testing.TB, now func() time.Time) service.Cache
}

// Caches lists the in-process cache and, when configured, Redis.
func Caches() []CacheBackend {
	cs := []CacheBackend{{Name: "memory", Open: func(tb testing.TB, now func() time.Time) service.Cache {
		c := cache.NewMemoryCache(now)
		tb.Cleanup(c.Close)
		return c
	}}}
	if os.Getenv("XF_TEST_REDIS_ADDR") != "" {
		cs = append(cs, CacheBackend{Name: "redis", Open: func(tb testing.TB, _ func() time.Time) service.Cache {
			return OpenRedis(tb)
		}})
	}
	return cs
}

// OpenRedis returns a cache on XF_TEST_REDIS_ADDR with a unique key prefix, cleaned up after.
func OpenRedis(tb testing.TB) *cache.RedisCache {
	tb.Helper()
	client := cache.NewRedisClient(cache.RedisOptions{Addrs: strings.Split(os.Getenv("XF_TEST_REDIS_ADDR"), ",")})
	prefix := "xftest:" + randHex(6) + ":"
	tb.Cleanup(func() {
		ctx := context.Background()
		keys, _ := client.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			client.Del(ctx, keys...)
		}
		client.Close()
	})
	if err := client.Ping(context.Background()).Err(); err != nil {
		tb.Fatalf("redis at XF_TEST_REDIS_ADDR: %v", err)
	}
	return &cache.RedisCache{Client: client, Prefix: prefix}
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Instant is a moment a time-dependent test runs at.
type Instant struct {
	Name string
	At   time.Time
}

// Instants are the moments every time-dependent test runs at, so that none passes only on the
// day it was written: the real now; the last second of a month (and of a year) in Beijing, when
// the UTC date is still the day before; the first working day after the Spring Festival; and a
// leap day in a year the holiday calendar does not cover. XF_TEST_AT (RFC 3339) adds one more,
// to reproduce a failure seen at another moment.
func Instants() []Instant {
	bj := time.FixedZone("CST", 8*3600)
	out := []Instant{
		{"today", time.Now()},
		{"month_end", time.Date(2026, 12, 31, 23, 59, 59, 0, bj)},
		{"after_spring_festival", time.Date(2026, 2, 24, 8, 30, 0, 0, bj)},
		{"leap_day", time.Date(2028, 2, 29, 10, 0, 0, 0, bj)},
	}
	if v := os.Getenv("XF_TEST_AT"); v != "" {
		if at, err := time.Parse(time.RFC3339, v); err == nil {
			out = append(out, Instant{"XF_TEST_AT", at})
		}
	}
	return out
}

// ForEachInstant runs fn as a subtest at every instant, with a clock starting there.
func ForEachInstant(t *testing.T, fn func(t *testing.T, clock *Clock)) {
	for _, in := range Instants() {
		t.Run(in.Name, func(t *testing.T) { fn(t, NewClock(in.At)) })
	}
}

// Clock is a settable clock for tests, safe for concurrent use.
type Clock struct{ ns atomic.Int64 }

// NewClock starts at t.
func NewClock(t time.Time) *Clock {
	c := &Clock{}
	c.ns.Store(t.UnixNano())
	return c
}

// Now returns the current fake time (UTC).
func (c *Clock) Now() time.Time { return time.Unix(0, c.ns.Load()).UTC() }

// Add moves the clock.
func (c *Clock) Add(d time.Duration) { c.ns.Add(int64(d)) }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.ns.Store(t.UnixNano()) }
