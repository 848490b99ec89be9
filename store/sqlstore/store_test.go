package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/store/sqlstore"
	"github.com/szxinfang/xinfang/store/storetest"
)

func newUser(name string) *service.User {
	now := time.Now().UTC()
	return &service.User{Username: name, DisplayName: "测试", Roles: []service.Role{service.RoleRegistrar, service.RoleHall},
		Office: "接访转交处", PasswordHash: "x", AuthVersion: 1, CreatedAt: now, UpdatedAt: now}
}

func TestUsersAndAudit(t *testing.T) {
	storetest.ForEachDB(t, storetest.NewClock(time.Now()).Now, func(t *testing.T, db *sqlstore.DB) {
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
	storetest.ForEachDB(t, storetest.NewClock(time.Now()).Now, func(t *testing.T, db *sqlstore.DB) {
		n, err := db.Migrate(context.Background(), nil)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d: %v", n, err)
		}
	})
}
