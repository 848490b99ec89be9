package cache_test

import (
	"context"
	"errors"
	"testing"
	"time"

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
