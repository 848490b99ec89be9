package staff_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/staff"
)

func TestCanonicalUsername(t *testing.T) {
	for in, want := range map[string]struct {
		name string
		ok   bool
	}{
		"victim":        {"victim", true},
		" Li.Hua ":      {"li.hua", true},
		"ｖｉｃｔｉｍ":        {"victim", true}, // full-width letters are the same name
		"VÍCTIM":        {"víctim", false},
		"vi\u0301ctim":  {"víctim", false}, // a combining accent composes, and is refused
		"李华":            {"李华", false},
		"ab":            {"ab", false},
		"a-b_c.d-12345": {"a-b_c.d-12345", true},
	} {
		got, ok := staff.CanonicalUsername(in)
		if got != want.name || ok != want.ok {
			t.Errorf("CanonicalUsername(%q) = %q, %v; want %q, %v", in, got, ok, want.name, want.ok)
		}
	}
}

// The hasher never runs more hashes at once than its workers; callers beyond them wait, and
// give up with EUnavailable after the wait.
func TestHasherBoundsConcurrency(t *testing.T) {
	h := staff.NewHasher(2, 50*time.Millisecond)
	hash, err := h.Hash(context.Background(), "a-passw0rd-here")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	busy := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := h.Check(context.Background(), hash, "a-passw0rd-here")
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if service.ErrorCode(err) != service.EUnavailable || service.AsError(err).RetryAfter <= 0 {
					t.Errorf("refusal: %v", err)
				}
				busy++
			} else if !ok {
				t.Error("right password refused")
			}
		}()
	}
	wg.Wait()
	if h.Peak() > 2 {
		t.Fatalf("%d hashes at once on a pool of 2", h.Peak())
	}
	t.Logf("%d of 20 refused as busy", busy)
}
