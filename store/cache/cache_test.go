package cache_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/go-redis/redis/v8"
	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store/cache"
	"github.com/szxinfang/xinfang/store/storetest"
)

func TestCaches(t *testing.T) {
	for _, cb := range storetest.Caches() {
		t.Run(cb.Name, func(t *testing.T) {
			clock := storetest.NewClock(time.Now())
			c := cb.Open(t, clock.Now)
			ctx := context.Background()
			if _, err := c.Get(ctx, "nope"); !errors.Is(err, service.ErrCacheMiss) {
				t.Fatalf("miss: %v", err)
			}
			ok, err := c.SetNX(ctx, "lock", "a", time.Minute)
			if !ok || err != nil {
				t.Fatalf("setnx first: %v %v", ok, err)
			}
			if ok, _ := c.SetNX(ctx, "lock", "b", time.Minute); ok {
				t.Fatal("setnx second succeeded")
			}
			if ok, _ := c.DelIfEqual(ctx, "lock", "b"); ok {
				t.Fatal("DelIfEqual with wrong value deleted")
			}
			if ok, _ := c.DelIfEqual(ctx, "lock", "a"); !ok {
				t.Fatal("DelIfEqual with owner value kept the key")
			}
			for i := 1; i <= 3; i++ {
				n, err := c.Incr(ctx, "n", time.Hour)
				if err != nil || n != int64(i) {
					t.Fatalf("incr %d: %d %v", i, n, err)
				}
			}
			if ttl, _ := c.TTL(ctx, "n"); ttl <= 0 || ttl > time.Hour {
				t.Fatalf("incr ttl %v", ttl)
			}
			c.Set(ctx, "k", "v", time.Minute)
			if v, _ := c.Get(ctx, "k"); v != "v" {
				t.Fatalf("get %q", v)
			}
			c.Del(ctx, "k", "absent")
			if _, err := c.Get(ctx, "k"); !errors.Is(err, service.ErrCacheMiss) {
				t.Fatal("deleted key still there")
			}
		})
	}
}

func TestMemoryCacheExpiry(t *testing.T) {
	clock := storetest.NewClock(time.Now())
	c := cache.NewMemoryCache(clock.Now)
	defer c.Close()
	ctx := context.Background()
	c.Set(ctx, "k", "v", time.Minute)
	clock.Add(59 * time.Second)
	if _, err := c.Get(ctx, "k"); err != nil {
		t.Fatal("expired early")
	}
	clock.Add(time.Second)
	if _, err := c.Get(ctx, "k"); !errors.Is(err, service.ErrCacheMiss) {
		t.Fatal("not expired")
	}
}

// A Redis that answers late: the command times out (a transient error, answered 503 upstream)
// and is not sent again — a retried INCR would count a rate limit or a counter twice.
func TestSlowRedisCountsOnce(t *testing.T) {
	r := storetest.StartRedis(t)
	px := storetest.NewProxy(t, r.Addr)
	client := cache.NewRedisClient(cache.RedisOptions{Addrs: []string{px.Addr}})
	t.Cleanup(func() { client.Close() })
	c := &cache.RedisCache{Client: client, Prefix: "t:"}
	ctx := context.Background()
	if n, err := c.Incr(ctx, "k", time.Minute); err != nil || n != 1 {
		t.Fatalf("first: %d %v", n, err)
	}
	// Open several connections, so that a retry would find one ready and send at once.
	px.Delay(200 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); client.Ping(ctx) }()
	}
	wg.Wait()
	px.Delay(2500 * time.Millisecond) // beyond the client's 2 s read timeout
	if _, err := c.Incr(ctx, "k", time.Minute); err == nil || !service.Transient(err) {
		t.Fatalf("a late answer: %v", err)
	}
	px.Delay(0)
	direct := redis.NewClient(&redis.Options{Addr: r.Addr})
	defer direct.Close()
	time.Sleep(3 * time.Second) // let anything the client might have re-sent arrive
	if v, err := direct.Get(ctx, "t:k").Int64(); err != nil || v != 2 {
		t.Fatalf("counter %d (%v), want 2: the timed-out INCR ran once", v, err)
	}
}
