package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store"
	"github.com/szxinfang/xinfang/store/storetest"
)

func newUser(name string) *service.User {
	now := time.Now().UTC()
	return &service.User{Username: name, DisplayName: "测试", Roles: []service.Role{service.RoleRegistrar, service.RoleHall},
		Office: "接访转交处", PasswordHash: "x", AuthVersion: 1, CreatedAt: now, UpdatedAt: now}
}

func TestUsersAndAudit(t *testing.T) {
	storetest.ForEachDB(t, storetest.NewClock(time.Now()).Now, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := newUser("alice")
		if err := db.CreateUser(ctx, u, service.AuditEntry{At: time.Now(), Actor: "system", Action: "user.create"}); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 {
			t.Fatal("no id")
		}
		err := db.CreateUser(ctx, newUser("alice"), service.AuditEntry{At: time.Now(), Actor: "system", Action: "user.create"})
		if e := service.AsError(err); e.Code != service.EConflict || e.Field != "username" {
			t.Fatalf("duplicate username should be a conflict on the field, got %v", err)
		}
		// Names are stored canonical (the service's job); the lookup compares them exactly, so
		// no collation maps another spelling onto an account.
		for _, other := range []string{"ALICE", "ａｌｉｃｅ", "alicé"} {
			if _, err := db.UserByUsername(ctx, other); service.ErrorCode(err) != service.ENotFound {
				t.Errorf("lookup of %q found alice: %v", other, err)
			}
		}
		got, err := db.UserByUsername(ctx, "alice")
		if err != nil || got.ID != u.ID || len(got.Roles) != 2 || got.Roles[1] != service.RoleHall || got.Office != "接访转交处" {
			t.Fatalf("read back %+v, %v", got, err)
		}
		if _, err := db.UserByID(ctx, 9999); service.ErrorCode(err) != service.ENotFound {
			t.Fatalf("want not found, got %v", err)
		}
		// Optimistic concurrency: an update from a stale copy fails and writes no audit entry.
		stale := *got
		got.Disabled = true
		if err := db.UpdateUser(ctx, got, service.AuditEntry{At: time.Now(), Actor: "admin", Action: "user.disable"}); err != nil {
			t.Fatal(err)
		}
		stale.DisplayName = "改名"
		err = db.UpdateUser(ctx, &stale, service.AuditEntry{At: time.Now(), Actor: "admin", Action: "user.rename"})
		if service.ErrorCode(err) != service.EConflict {
			t.Fatalf("stale update should conflict, got %v", err)
		}
		entries, err := db.ListAudit(ctx, service.AuditFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[0].Action != "user.disable" || entries[1].Action != "user.create" {
			t.Fatalf("audit entries: %+v", entries)
		}
		// Append-only, enforced by the database itself.
		if _, err := db.ExecContext(ctx, `UPDATE audit_log SET actor = 'mallory'`); err == nil {
			t.Fatal("audit_log UPDATE succeeded")
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM audit_log`); err == nil {
			t.Fatal("audit_log DELETE succeeded")
		}
	})
}

func TestMigrateTwiceIsNoop(t *testing.T) {
	storetest.ForEachDB(t, storetest.NewClock(time.Now()).Now, func(t *testing.T, db *store.DB) {
		n, err := db.Migrate(context.Background(), nil)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d: %v", n, err)
		}
	})
}

func TestCipher(t *testing.T) {
	c := store.NewRandomCipher()
	ct, err := c.Encrypt("phone", "13812341234")
	if err != nil || strings.Contains(ct, "13812341234") || !strings.HasPrefix(ct, "t1:") {
		t.Fatalf("ciphertext %q %v", ct, err)
	}
	pt, err := c.Decrypt("phone", ct)
	if err != nil || pt != "13812341234" {
		t.Fatalf("decrypt %q %v", pt, err)
	}
	if _, err := c.Decrypt("id_number", ct); err == nil {
		t.Fatal("ciphertext moved to another column decrypted")
	}
	if c.BlindIndex("phone", "13812341234") != c.BlindIndex("phone", "13812341234") ||
		c.BlindIndex("phone", "13812341234") == c.BlindIndex("id", "13812341234") {
		t.Fatal("blind index not deterministic per kind")
	}
}

func TestCipherRotation(t *testing.T) {
	oldKey := "k1:" + strings.Repeat("A", 43) + "="
	newKey := "k2:" + strings.Repeat("B", 43) + "="
	idx := strings.Repeat("C", 43) + "="
	old, err := store.NewCipher(oldKey, idx)
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := old.Encrypt("phone", "13900000000")
	rotated, err := store.NewCipher(newKey+","+oldKey, idx)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := rotated.Decrypt("phone", ct); err != nil || pt != "13900000000" {
		t.Fatalf("old ciphertext after rotation: %q %v", pt, err)
	}
	if !rotated.NeedsRekey(ct) {
		t.Fatal("old ciphertext should need re-keying")
	}
	if old.BlindIndex("phone", "13900000000") != rotated.BlindIndex("phone", "13900000000") {
		t.Fatal("blind index changed with the encryption key")
	}
	for _, bad := range []string{"", "nokey", "k1:short", "k1:" + strings.Repeat("A", 43) + "=,k1:" + strings.Repeat("A", 43) + "="} {
		if _, err := store.NewCipher(bad, idx); err == nil {
			t.Errorf("NewCipher(%q) accepted", bad)
		}
	}
}

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
	c := store.NewMemoryCache(clock.Now)
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

// A failed token fetch does not carry the AppSecret in its error (the URL has it).
func TestWeChatTokenErrorHidesSecret(t *testing.T) {
	if err := store.ConfigureWeChatHTTP("http://127.0.0.1:1", time.Second); err != nil {
		t.Fatal(err)
	}
	defer store.ConfigureWeChatHTTP("", 10*time.Second)
	c := store.NewMemoryCache(time.Now)
	defer c.Close()
	tok := &store.SharedToken{Cache: c, AppID: "wx123", Secret: "SUPERSECRET-VALUE", Wait: time.Second}
	_, err := tok.GetAccessTokenContext(context.Background())
	if err == nil || strings.Contains(err.Error(), "SUPERSECRET") {
		t.Fatalf("token error: %v", err)
	}
}
