package cache_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
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
	c, px, r := proxiedCache(t)
	ctx := context.Background()
	if n, err := c.Incr(ctx, "k", time.Minute); err != nil || n != 1 {
		t.Fatalf("first: %d %v", n, err)
	}
	// Open several connections, so that a retry would find one ready and send at once.
	px.Delay(200 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); c.Client.Ping(ctx) }()
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

// proxiedCache starts a redis-server for the test behind a proxy it can slow, freeze or break,
// and a cache on the proxy (keys under "t:"); the server itself can be stopped and restarted.
func proxiedCache(t *testing.T) (*cache.RedisCache, *storetest.Proxy, *storetest.Redis) {
	t.Helper()
	r := storetest.StartRedis(t)
	px := storetest.NewProxy(t, r.Addr)
	client := cache.NewRedisClient(cache.RedisOptions{Addrs: []string{px.Addr}})
	t.Cleanup(func() { client.Close() })
	return &cache.RedisCache{Client: client, Prefix: "t:"}, px, r
}

// roundTrips counts what a client puts on the wire: single commands and pipelines.
type roundTrips struct{ single, pipelines, piped atomic.Int64 }

func (r *roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }
func (r *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if ours(cmd) { // not a new connection's HELLO or CLIENT SETINFO
			r.single.Add(1)
		}
		return next(ctx, cmd)
	}
}
func (r *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		n := 0
		for _, cmd := range cmds {
			if ours(cmd) {
				n++
			}
		}
		if n > 0 {
			r.pipelines.Add(1)
			r.piped.Add(int64(n))
		}
		return next(ctx, cmds)
	}
}

func ours(cmd redis.Cmder) bool { return cmd.Name() == "get" || cmd.Name() == "set" }

// Commands issued while one is on the wire go out together, and each caller gets its own
// answer: one SET NX of many for a key wins, the others see it taken, every GET sees its value.
func TestRedisCommandsShareRoundTrips(t *testing.T) {
	c, px, _ := proxiedCache(t)
	trips := &roundTrips{}
	c.Client.AddHook(trips)
	ctx := context.Background()
	if err := c.Set(ctx, "seen", "v0", time.Minute); err != nil {
		t.Fatal(err)
	}

	px.Delay(100 * time.Millisecond)
	const callers = 60
	var wg sync.WaitGroup
	wins := make([]atomic.Int64, 10)
	errs := make(chan error, callers)
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch i % 3 {
			case 0, 1: // ten keys, several callers each
				ok, err := c.SetNX(ctx, fmt.Sprint("dup:", i%10), fmt.Sprint(i), time.Minute)
				if err != nil {
					errs <- err
				} else if ok {
					wins[i%10].Add(1)
				}
			default:
				if v, err := c.Get(ctx, "seen"); err != nil || v != "v0" {
					errs <- fmt.Errorf("get: %q %v", v, err)
				}
				if _, err := c.Get(ctx, fmt.Sprint("absent:", i)); !errors.Is(err, service.ErrCacheMiss) {
					errs <- fmt.Errorf("absent key: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for k := range wins {
		if n := wins[k].Load(); n != 1 {
			t.Errorf("key dup:%d: %d callers won SET NX, want 1", k, n)
		}
	}
	// 80 commands (the first Set aside); one at a time they would take 80 round trips of
	// 100 ms. Together they take a handful.
	trips.single.Add(-1)
	rt := trips.single.Load() + trips.pipelines.Load()
	if sent := trips.single.Load() + trips.piped.Load(); sent != 80 {
		t.Errorf("%d commands sent, want 80", sent)
	}
	if rt > 10 {
		t.Errorf("%d round trips for 80 commands issued together (%d alone, %d pipelines)", rt, trips.single.Load(), trips.pipelines.Load())
	}
	t.Logf("80 commands in %d round trips (%d alone, %d pipelines)", rt, trips.single.Load(), trips.pipelines.Load())
}

// A caller whose deadline passes while its command waits behind a slow one gets its error at
// its deadline, and the command it gave up on is never sent.
func TestQueuedRedisCommandKeepsItsDeadline(t *testing.T) {
	c, px, _ := proxiedCache(t)
	ctx := context.Background()
	if err := c.Set(ctx, "warm", "1", time.Minute); err != nil {
		t.Fatal(err)
	}
	px.Delay(400 * time.Millisecond)
	slow := make(chan error, 1)
	go func() { slow <- c.Set(ctx, "slow", "1", time.Minute) }()
	time.Sleep(50 * time.Millisecond) // the slow command is on the wire

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.SetNX(short, "late", "1", time.Minute)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("queued past its deadline: %v", err)
	}
	if waited := time.Since(start); waited > 300*time.Millisecond {
		t.Errorf("the caller waited %v, past its 50 ms deadline, for someone else's command", waited)
	}
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	px.Delay(0)
	// The queue has drained; the abandoned SET NX must not have gone out.
	if ok, err := c.SetNX(ctx, "late", "2", time.Minute); err != nil || !ok {
		t.Fatalf("the abandoned SET NX was sent after all: %v %v", ok, err)
	}
}

// Callers coming and going (some giving up at once) while the server answers slowly: every
// answer a caller receives is its own. Run with -race.
func TestRedisPipelineUnderChurn(t *testing.T) {
	c, px, _ := proxiedCache(t)
	ctx := context.Background()
	px.Delay(2 * time.Millisecond)
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				key := fmt.Sprintf("churn:%d:%d", g, i)
				cctx, cancel := context.WithTimeout(ctx, time.Duration(i%4)*time.Millisecond)
				if i%4 == 0 {
					cctx, cancel = context.WithCancel(ctx)
				}
				err := c.Set(cctx, key, key, time.Minute)
				cancel()
				if err != nil {
					var ne net.Error
					if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) && !(errors.As(err, &ne) && ne.Timeout()) {
						t.Errorf("set %s: %v", key, err)
					}
					continue
				}
				if v, err := c.Get(ctx, key); err != nil || v != key {
					t.Errorf("get %s: %q %v", key, v, err)
				}
			}
		}()
	}
	wg.Wait()
}

// crc16 is Redis Cluster's key hash (XMODEM), to place test keys on chosen nodes.
func crc16(s string) uint16 {
	var crc uint16
	for i := 0; i < len(s); i++ {
		crc ^= uint16(s[i]) << 8
		for b := 0; b < 8; b++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// On a cluster every master answers for its own keys: a slow node must not hold the commands
// for the others (one queue for the whole cluster did: 20 of 20 timed out behind it).
func TestClusterCommandsAreNotHeldBehindASlowNode(t *testing.T) {
	fast, slow := storetest.StartRedis(t), storetest.StartRedis(t)
	px := storetest.NewProxy(t, slow.Addr)
	client := redis.NewClusterClient(&redis.ClusterOptions{
		ClusterSlots: func(context.Context) ([]redis.ClusterSlot, error) {
			return []redis.ClusterSlot{
				{Start: 0, End: 8191, Nodes: []redis.ClusterNode{{Addr: fast.Addr}}},
				{Start: 8192, End: 16383, Nodes: []redis.ClusterNode{{Addr: px.Addr}}},
			}, nil
		},
		ReadTimeout: 3 * time.Second, ContextTimeoutEnabled: true, MaxRetries: -1,
	})
	t.Cleanup(func() { client.Close() })
	c := &cache.RedisCache{Client: client, Prefix: "t:"}
	ctx := context.Background()
	var slowKey string
	var fastKeys []string
	for i := 0; len(fastKeys) < 10 || slowKey == ""; i++ {
		k := fmt.Sprint("k", i)
		if crc16("t:"+k)%16384 >= 8192 {
			slowKey = k
		} else {
			fastKeys = append(fastKeys, k)
		}
	}
	if err := c.Set(ctx, slowKey, "1", time.Minute); err != nil { // connections up
		t.Fatal(err)
	}
	px.Delay(time.Second)
	held := make(chan error, 1)
	go func() { _, err := c.Get(ctx, slowKey); held <- err }()
	time.Sleep(50 * time.Millisecond)
	for _, k := range fastKeys {
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		err := c.Set(short, k, "v", time.Minute)
		cancel()
		if err != nil {
			t.Fatalf("a key of a healthy node, while another node is slow: %v", err)
		}
	}
	if err := <-held; err != nil {
		t.Fatal(err)
	}
}

// panicOnce panics in the first command (or pipeline) of the chosen kind it sees.
type panicOnce struct{ get, pipeline atomic.Bool }

func (p *panicOnce) DialHook(next redis.DialHook) redis.DialHook { return next }
func (p *panicOnce) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if cmd.Name() == "get" && p.get.CompareAndSwap(true, false) {
			panic("hook")
		}
		return next(ctx, cmd)
	}
}
func (p *panicOnce) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		if p.pipeline.CompareAndSwap(true, false) {
			panic("hook")
		}
		return next(ctx, cmds)
	}
}

// A panic on the wire (a hook's) fails the commands it held — the caller's, or the queued
// callers' — and the cache goes on serving; it neither stalls nor takes the process down.
func TestRedisCacheSurvivesAPanic(t *testing.T) {
	c, px, _ := proxiedCache(t)
	hook := &panicOnce{}
	c.Client.AddHook(hook)
	ctx := context.Background()

	hook.get.Store(true)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the hook's panic did not reach the caller")
			}
		}()
		c.Get(ctx, "k")
	}()
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := c.Set(short, "after", "1", time.Minute); err != nil {
		t.Fatalf("after a caller's panic: %v", err)
	}

	hook.pipeline.Store(true)
	px.Delay(200 * time.Millisecond)
	first := make(chan error, 1)
	go func() { first <- c.Set(ctx, "slow", "1", time.Minute) }()
	time.Sleep(50 * time.Millisecond)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = c.SetNX(ctx, fmt.Sprint("q", i), "1", time.Minute) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "pipeline failed") {
			t.Errorf("queued caller %d in a pipeline that panicked: %v", i, err)
		}
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	px.Delay(0)
	if ok, err := c.SetNX(ctx, "q0", "2", time.Minute); err != nil || !ok {
		t.Fatalf("after a pipeline's panic: %v %v", ok, err)
	}
}

// A time to live under a millisecond is one (SET … PX 0 would be refused).
func TestRedisSubMillisecondTTL(t *testing.T) {
	r := storetest.StartRedis(t)
	client := cache.NewRedisClient(cache.RedisOptions{Addrs: []string{r.Addr}})
	t.Cleanup(func() { client.Close() })
	c := &cache.RedisCache{Client: client, Prefix: "t:"}
	if err := c.Set(context.Background(), "k", "v", 500*time.Microsecond); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetNX(context.Background(), "n", "v", time.Microsecond); err != nil {
		t.Fatal(err)
	}
}

// Redis killed and restarted under load: every error callers see is one the handlers answer
// with 503 (a connection closed mid-command came back as a bare io.EOF, a 500).
func TestRedisRestartErrorsAreTransient(t *testing.T) {
	r := storetest.StartRedis(t)
	client := cache.NewRedisClient(cache.RedisOptions{Addrs: []string{r.Addr}})
	defer client.Close()
	c := &cache.RedisCache{Client: client, Prefix: "t:"}
	var mu sync.Mutex
	seen := map[string]bool{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				var err error
				switch i % 3 {
				case 0:
					err = c.Set(ctx, fmt.Sprint("k", g, i), "v", time.Minute)
				case 1:
					_, err = c.Get(ctx, fmt.Sprint("k", g, i-1))
				default:
					_, err = c.SetNX(ctx, fmt.Sprint("n", g, i), "v", time.Minute)
				}
				cancel()
				if err != nil && err != service.ErrCacheMiss && !service.Transient(err) {
					mu.Lock()
					seen[fmt.Sprintf("%T %v", err, err)] = true
					mu.Unlock()
				}
			}
		}()
	}
	for k := 0; k < 5; k++ {
		time.Sleep(200 * time.Millisecond)
		r.Stop()
		time.Sleep(200 * time.Millisecond)
		r.Start(t)
	}
	close(stop)
	wg.Wait()
	for s := range seen {
		t.Errorf("an error during the restarts that is not transient (500, not 503): %s", s)
	}
}
