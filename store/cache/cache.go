// Package cache is the shared cache the services keep sessions, rate limits, codes and locks in:
// Redis (single node, sentinel or cluster) in production, an in-process map in the default.
package cache

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/szxinfang/xinfang/service"
)

// No connection to be had in time, or a client shut down: Redis is unavailable.
func init() { service.RegisterTransient(redis.ErrPoolTimeout, redis.ErrClosed) }

var (
	_ service.Cache = (*RedisCache)(nil)
	_ service.Cache = (*MemoryCache)(nil)
)

// RedisCache is the shared cache on Redis (single node, sentinel or cluster through
// UniversalClient). Every key gets Prefix.
type RedisCache struct {
	Client redis.UniversalClient
	Prefix string
}

// RedisOptions select the Redis deployment.
type RedisOptions struct {
	Addrs      []string
	MasterName string
	Username   string
	Password   string
	DB         int
}

// NewRedisClient returns a UniversalClient: one address is a single node, several are a
// cluster, and a master name means sentinels.
func NewRedisClient(o RedisOptions) redis.UniversalClient {
	return redis.NewUniversalClient(&redis.UniversalOptions{
		Addrs:        o.Addrs,
		MasterName:   o.MasterName,
		Username:     o.Username,
		Password:     o.Password,
		DB:           o.DB,
		DialTimeout:  3 * time.Second,
		ReadTimeout:  2 * time.Second,
		WriteTimeout: 2 * time.Second,
		// A request's deadline bounds every call, and a command is never sent twice: a retry
		// after a read timeout would count an INCR (a rate limit, a counter) twice.
		ContextTimeoutEnabled: true,
		MaxRetries:            -1,
	})
}

func (c *RedisCache) k(key string) string { return c.Prefix + key }

func (c *RedisCache) Get(ctx context.Context, key string) (string, error) {
	v, err := c.Client.Get(ctx, c.k(key)).Result()
	if errors.Is(err, redis.Nil) {
		return "", service.ErrCacheMiss
	}
	return v, err
}

func (c *RedisCache) Set(ctx context.Context, key, val string, ttl time.Duration) error {
	return c.Client.Set(ctx, c.k(key), val, ttl).Err()
}

func (c *RedisCache) SetNX(ctx context.Context, key, val string, ttl time.Duration) (bool, error) {
	err := c.Client.SetArgs(ctx, c.k(key), val, redis.SetArgs{Mode: "NX", TTL: ttl}).Err()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	return err == nil, err
}

func (c *RedisCache) Del(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	// One DEL per key: in a cluster the keys may live on different slots.
	for _, key := range keys {
		if err := c.Client.Del(ctx, c.k(key)).Err(); err != nil {
			return err
		}
	}
	return nil
}

// incrScript increments and sets the expiry only on creation, atomically.
var incrScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 and tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`)

func (c *RedisCache) Incr(ctx context.Context, key string, ttl time.Duration) (int64, error) {
	return incrScript.Run(ctx, c.Client, []string{c.k(key)}, ttl.Milliseconds()).Int64()
}

var decrScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0`)

func (c *RedisCache) Decr(ctx context.Context, key string) error {
	return decrScript.Run(ctx, c.Client, []string{c.k(key)}).Err()
}

func (c *RedisCache) TTL(ctx context.Context, key string) (time.Duration, error) {
	d, err := c.Client.PTTL(ctx, c.k(key)).Result()
	if err != nil || d < 0 {
		return 0, err
	}
	return d, nil
}

var delIfEqualScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`)

func (c *RedisCache) DelIfEqual(ctx context.Context, key, val string) (bool, error) {
	n, err := delIfEqualScript.Run(ctx, c.Client, []string{c.k(key)}, val).Int64()
	return n == 1, err
}

func (c *RedisCache) Ping(ctx context.Context) error { return c.Client.Ping(ctx).Err() }

// MemoryCache is the in-process cache of the embedded default: correct for one instance, gone
// on restart. Expired entries are dropped lazily and by a periodic sweep.
type MemoryCache struct {
	mu    sync.Mutex
	items map[string]memItem
	now   func() time.Time
	stop  chan struct{}
}

type memItem struct {
	val     string
	expires time.Time // zero: never
}

// NewMemoryCache starts a cache on the clock now, with a background sweep; Close stops it.
func NewMemoryCache(now func() time.Time) *MemoryCache {
	if now == nil {
		panic("store: NewMemoryCache needs a clock")
	}
	c := &MemoryCache{items: map[string]memItem{}, now: now, stop: make(chan struct{})}
	go c.sweep()
	return c
}

func (c *MemoryCache) Close() { close(c.stop) }

func (c *MemoryCache) sweep() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.mu.Lock()
			now := c.now()
			for k, it := range c.items {
				if it.expired(now) {
					delete(c.items, k)
				}
			}
			c.mu.Unlock()
		}
	}
}

func (it memItem) expired(now time.Time) bool { return !it.expires.IsZero() && !now.Before(it.expires) }

// get returns the live item; the caller holds mu.
func (c *MemoryCache) get(key string) (memItem, bool) {
	it, ok := c.items[key]
	if ok && it.expired(c.now()) {
		delete(c.items, key)
		return memItem{}, false
	}
	return it, ok
}

func (c *MemoryCache) expiry(ttl time.Duration) time.Time {
	if ttl <= 0 {
		return time.Time{}
	}
	return c.now().Add(ttl)
}

func (c *MemoryCache) Get(_ context.Context, key string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.get(key)
	if !ok {
		return "", service.ErrCacheMiss
	}
	return it.val, nil
}

func (c *MemoryCache) Set(_ context.Context, key, val string, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = memItem{val: val, expires: c.expiry(ttl)}
	return nil
}

func (c *MemoryCache) SetNX(_ context.Context, key, val string, ttl time.Duration) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.get(key); ok {
		return false, nil
	}
	c.items[key] = memItem{val: val, expires: c.expiry(ttl)}
	return true, nil
}

func (c *MemoryCache) Del(_ context.Context, keys ...string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range keys {
		delete(c.items, k)
	}
	return nil
}

func (c *MemoryCache) Incr(_ context.Context, key string, ttl time.Duration) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.get(key)
	if !ok {
		c.items[key] = memItem{val: "1", expires: c.expiry(ttl)}
		return 1, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(it.val), 10, 64)
	if err != nil {
		return 0, errors.New("cache: value is not an integer")
	}
	it.val = strconv.FormatInt(n+1, 10)
	c.items[key] = it
	return n + 1, nil
}

func (c *MemoryCache) Decr(_ context.Context, key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.get(key)
	if !ok {
		return nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(it.val), 10, 64)
	if err != nil {
		return errors.New("cache: value is not an integer")
	}
	it.val = strconv.FormatInt(n-1, 10)
	c.items[key] = it
	return nil
}

func (c *MemoryCache) TTL(_ context.Context, key string) (time.Duration, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.get(key)
	if !ok || it.expires.IsZero() {
		return 0, nil
	}
	return it.expires.Sub(c.now()), nil
}

func (c *MemoryCache) DelIfEqual(_ context.Context, key, val string) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if it, ok := c.get(key); ok && it.val == val {
		delete(c.items, key)
		return true, nil
	}
	return false, nil
}

func (c *MemoryCache) Ping(context.Context) error { return nil }
