// Package cache is the shared cache the services keep sessions, rate limits, codes and locks in:
// Redis (single node, sentinel or cluster) in production, an in-process map in the default.
package cache

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/szxinfang/xinfang/service"
)

// No connection to be had in time, a client shut down, or a connection the server closed in the
// middle of a command (killed or restarted: go-redis returns io.EOF): Redis is unavailable —
// 503 with Retry-After, not 500.
func init() { service.RegisterTransient(redis.ErrPoolTimeout, redis.ErrClosed, io.EOF) }

var (
	_ service.Cache = (*RedisCache)(nil)
	_ service.Cache = (*MemoryCache)(nil)
)

// RedisCache is the shared cache on Redis (single node, sentinel or cluster through
// UniversalClient). Every key gets Prefix.
//
// On a single node or sentinels, Get, Set and SetNX are pipelined across callers: a command
// issued while another is on the wire waits for it and then goes out with every other command
// that queued meanwhile, in one pipeline — one write and one read for all of them instead of a
// round trip each. Alone, a command goes out at once. At a WeChat peak (every callback's
// de-duplication is a SET NX) the round trips, not Redis, were a fifth of the server's CPU.
// A cluster is left alone: one queue for all its masters would hold every key behind the
// slowest node, and go-redis re-sends a node's whole pipeline after a broken read.
type RedisCache struct {
	Client redis.UniversalClient
	Prefix string

	mu    sync.Mutex
	busy  bool         // a command or pipeline is on the wire
	queue []*queuedCmd // what waits for it
}

// queuedCmd is a command waiting to go out in the next pipeline.
type queuedCmd struct {
	ctx  context.Context
	cmd  redis.Cmder
	done chan struct{}
}

// do runs cmd, in a pipeline with other callers' commands when one is already on the wire.
// It returns cmd's error when cmd has its answer, or ctx's when ctx ends first (then cmd may
// still be written to: do not read it). A command whose ctx ended before its pipeline was
// formed is not sent (see send for one that ends while the pipeline waits for a connection).
func (c *RedisCache) do(ctx context.Context, cmd redis.Cmder) error {
	if _, cluster := c.Client.(*redis.ClusterClient); cluster {
		return c.Client.Process(ctx, cmd)
	}
	c.mu.Lock()
	if !c.busy {
		c.busy = true
		c.mu.Unlock()
		defer c.handOff() // even when a hook panics: the queue must not stall behind it
		return c.Client.Process(ctx, cmd)
	}
	q := &queuedCmd{ctx: ctx, cmd: cmd, done: make(chan struct{})}
	c.queue = append(c.queue, q)
	c.mu.Unlock()
	select {
	case <-q.done:
		return cmd.Err()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// handOff ends a turn on the wire: what queued meanwhile goes out from a goroutine of its own,
// so no caller waits for others' commands after its own answer.
func (c *RedisCache) handOff() {
	c.mu.Lock()
	if len(c.queue) == 0 {
		c.busy = false
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	go c.drain()
}

// drain sends the queue in pipelines until it is empty.
func (c *RedisCache) drain() {
	for {
		c.mu.Lock()
		batch := c.queue
		c.queue = nil
		if len(batch) == 0 {
			c.busy = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		c.send(batch)
	}
}

// send runs batch as one pipeline, leaving out the callers already gone. Its deadline is the
// latest of the callers' (one without: the client's own timeouts): an earlier one would fail
// every caller in the batch for the one whose time is nearly up. So a command may still go out
// after its caller gave up while the pipeline waited for a connection — and take effect, as
// any command does whose answer comes late. What the cache holds tolerates that: a lock or a
// lease then stands until its TTL, a de-duplication mark is a mark. A panic (a hook's) fails
// the batch's commands instead of the process.
func (c *RedisCache) send(batch []*queuedCmd) {
	live := batch[:0]
	var latest time.Time
	forever := false
	for _, q := range batch {
		if err := q.ctx.Err(); err != nil {
			q.cmd.SetErr(err)
			close(q.done)
			continue
		}
		live = append(live, q)
		if d, ok := q.ctx.Deadline(); !ok {
			forever = true
		} else if d.After(latest) {
			latest = d
		}
	}
	if len(live) == 0 {
		return
	}
	defer func() {
		if v := recover(); v != nil {
			err := fmt.Errorf("cache: redis pipeline failed: %v", v)
			for _, q := range live {
				q.cmd.SetErr(err)
			}
		}
		for _, q := range live {
			close(q.done)
		}
	}()
	// The first caller's values (trace ids), not its cancellation.
	ctx := context.WithoutCancel(live[0].ctx)
	if !forever {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, latest)
		defer cancel()
	}
	pipe := c.Client.Pipeline()
	for _, q := range live {
		_ = pipe.Process(ctx, q.cmd)
	}
	// Each command carries its own result and error; Exec's error is the first of them.
	_, _ = pipe.Exec(ctx)
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
		// after a read timeout would count an INCR (a rate limit, a counter) twice. (A cluster
		// client still retries a timed-out command up to MaxRedirects times; following MOVED
		// needs those attempts. README, "Scaling out".)
		ContextTimeoutEnabled: true,
		MaxRetries:            -1,
	})
}

func (c *RedisCache) k(key string) string { return c.Prefix + key }

func (c *RedisCache) Get(ctx context.Context, key string) (string, error) {
	cmd := redis.NewStringCmd(ctx, "get", c.k(key))
	// The value is read only when do says the answer came: a caller that gave up must not
	// read what a pipeline may still be writing.
	if err := c.do(ctx, cmd); err != nil {
		if errors.Is(err, redis.Nil) {
			return "", service.ErrCacheMiss
		}
		return "", err
	}
	return cmd.Val(), nil
}

func (c *RedisCache) Set(ctx context.Context, key, val string, ttl time.Duration) error {
	return c.do(ctx, setCmd(ctx, c.k(key), val, ttl, false))
}

func (c *RedisCache) SetNX(ctx context.Context, key, val string, ttl time.Duration) (bool, error) {
	err := c.do(ctx, setCmd(ctx, c.k(key), val, ttl, true))
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	return err == nil, err
}

// setCmd builds SET key val [PX ttl] [NX] as go-redis's Set and SetArgs do.
func setCmd(ctx context.Context, key, val string, ttl time.Duration, nx bool) *redis.StatusCmd {
	args := []any{"set", key, val}
	if ttl > 0 {
		// Under a millisecond is one, as go-redis's Set does: PX 0 is an error.
		args = append(args, "px", max(ttl.Milliseconds(), 1))
	}
	if nx {
		args = append(args, "nx")
	}
	return redis.NewStatusCmd(ctx, args...)
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
