package service

import (
	"context"
	"errors"
	"time"
)

// ErrCacheMiss is returned by Cache.Get for a key that is absent or expired.
var ErrCacheMiss = errors.New("cache: miss")

// Cache is the shared key-value store with expiry that sessions, rate limits, verification codes,
// WeChat de-duplication and the WeChat access token live in. Redis in production (shared by all
// instances); an in-process map in the embedded default. Keys are namespaced by the
// implementation.
type Cache interface {
	// Get returns ErrCacheMiss when the key is absent.
	Get(ctx context.Context, key string) (string, error)
	// Set stores val; ttl 0 means no expiry.
	Set(ctx context.Context, key, val string, ttl time.Duration) error
	// SetNX stores val only when the key is absent and reports whether it did.
	SetNX(ctx context.Context, key, val string, ttl time.Duration) (bool, error)
	// Del removes keys; absent keys are not an error.
	Del(ctx context.Context, keys ...string) error
	// Incr adds one and returns the new value; a key it creates expires after ttl.
	Incr(ctx context.Context, key string, ttl time.Duration) (int64, error)
	// Decr takes one back from a counter that exists (a reservation given back); an absent key
	// stays absent.
	Decr(ctx context.Context, key string) error
	// TTL returns the time left; 0 when the key is absent or has no expiry.
	TTL(ctx context.Context, key string) (time.Duration, error)
	// DelIfEqual removes the key only while it still holds val (a lock owner's release).
	DelIfEqual(ctx context.Context, key, val string) (bool, error)
	// Ping checks the cache is reachable.
	Ping(ctx context.Context) error
}

// RunExclusive runs fn only if this instance takes the named lease (a cache key living ttl), so
// a periodic job runs on one instance per period however many instances there are.
func RunExclusive(ctx context.Context, c Cache, name, owner string, ttl time.Duration, fn func(context.Context) error) (bool, error) {
	ok, err := c.SetNX(ctx, "job:"+name, owner, ttl)
	if err != nil || !ok {
		return false, err
	}
	defer c.DelIfEqual(context.WithoutCancel(ctx), "job:"+name, owner)
	return true, fn(ctx)
}

// Limit is a rate limit: at most Max counts of Key while it lives (Window, from the first
// count). Message tells people why they are refused.
type Limit struct {
	Key     string
	Max     int
	Window  time.Duration
	Message string
}

// Count adds one to l's counter in c; past the limit it answers ETooMany with the wait.
func (l Limit) Count(ctx context.Context, c Cache) error {
	n, err := c.Incr(ctx, l.Key, l.Window)
	if err != nil {
		return Internal(err)
	}
	if n > int64(l.Max) {
		wait, _ := c.TTL(ctx, l.Key)
		if wait <= 0 {
			wait = l.Window
		}
		return &Error{Code: ETooMany, Message: l.Message, RetryAfter: wait}
	}
	return nil
}
