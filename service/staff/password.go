package staff

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/szxinfang/xinfang/service"
	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Argon2id parameters: OWASP's 19 MiB, 2 passes, 1 lane.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns a PHC-format argon2id hash.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC hash in constant time.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// Hasher runs the password hash (argon2id, 19 MiB each) on a bounded pool, so a flood of
// logins costs at most Workers × 19 MiB of memory: beyond the pool a request waits up to Wait
// for a turn, then is refused with EUnavailable and a Retry-After instead of being evaluated.
type Hasher struct {
	sem  chan struct{}
	wait time.Duration
	busy atomic.Int64
	peak atomic.Int64
}

// NewHasher returns a pool of workers hashes at once (0: one per CPU core) whose callers wait at
// most wait for a turn.
func NewHasher(workers int, wait time.Duration) *Hasher {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	return &Hasher{sem: make(chan struct{}, workers), wait: wait}
}

// Workers is the pool's size.
func (h *Hasher) Workers() int { return cap(h.sem) }

// Peak is the most hashes that ran at once since the pool was made.
func (h *Hasher) Peak() int { return int(h.peak.Load()) }

// errHashBusy answers a login that found the pool full for too long.
var errHashBusy = &service.Error{Code: service.EUnavailable, Message: "登录人数较多，请稍后再试", RetryAfter: 2 * time.Second}

func (h *Hasher) run(ctx context.Context, fn func()) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.sem <- struct{}{}:
	case <-t.C:
		return errHashBusy
	case <-ctx.Done():
		return errHashBusy
	}
	n := h.busy.Add(1)
	for p := h.peak.Load(); n > p && !h.peak.CompareAndSwap(p, n); p = h.peak.Load() {
	}
	defer func() { h.busy.Add(-1); <-h.sem }()
	fn()
	return nil
}

// Hash returns a new PHC-format hash of pw, on the pool.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	var out string
	var err error
	if e := h.run(ctx, func() { out, err = HashPassword(pw) }); e != nil {
		return "", e
	}
	return out, err
}

// Check compares pw with hash on the pool (an empty hash is checked against a dummy, so an
// unknown account takes as long as a known one).
func (h *Hasher) Check(ctx context.Context, hash, pw string) (bool, error) {
	if hash == "" {
		hash = dummyHash
	}
	var ok bool
	if err := h.run(ctx, func() { ok = CheckPassword(hash, pw) }); err != nil {
		return false, err
	}
	return ok, nil
}

var usernameRE = regexp.MustCompile(`^[a-z0-9._-]{3,32}$`)

// CanonicalUsername returns the one form a staff login name has everywhere — in the database,
// in the lockout counters and in lookups: Unicode NFKC (full-width letters become ASCII), then
// lower case. ok is false when that form has anything but a–z, 0–9, '.', '_' and '-', or is not
// 3–32 long: such a name can never exist, so lookalikes (ｖｉｃｔｉｍ, VÍCTIM, vi\u0301ctim) either
// become the real name (and share its lock) or are nobody.
func CanonicalUsername(s string) (string, bool) {
	c := strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
	if len(c) > 64 {
		c = c[:64]
	}
	return c, usernameRE.MatchString(c)
}

// dummyHash is checked against when the username is unknown, so a failed login takes the same
// time whether or not the account exists.
var dummyHash, _ = HashPassword("dummy-password-for-timing")

// CheckPasswordPolicy returns a field error when pw is too weak.
func CheckPasswordPolicy(pw string) error {
	var letter, digit bool
	for _, r := range pw {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if len([]rune(pw)) < 10 || len(pw) > 128 || !letter || !digit {
		return service.Invalid("password", MsgWeakPassword)
	}
	return nil
}

// RandomPassword returns a password that meets the policy, for first logins and resets.
func RandomPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for {
		rand.Read(b)
		out := make([]byte, len(b))
		for i, c := range b {
			out[i] = alphabet[int(c)%len(alphabet)]
		}
		if CheckPasswordPolicy(string(out)) == nil {
			return string(out)
		}
	}
}
