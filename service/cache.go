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
