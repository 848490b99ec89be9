package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/szxinfang/xinfang/service"
	"github.com/szxinfang/xinfang/service/staff"
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
		st := sqlstore.Staff{DB: db}
		// A unit of work: the row and its audit entry, committed together or not at all.
		write := func(audit string, fn func(tx staff.Tx) error) error {
			return st.InTx(ctx, func(tx staff.Tx) error {
				if err := fn(tx); err != nil {
					return err
				}
				return tx.AppendAudit(service.AuditEntry{At: time.Now(), Actor: "admin", Action: audit})
			})
		}
		u := newUser("alice")
		if err := write("user.create", func(tx staff.Tx) error { return tx.InsertUser(u) }); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 {
			t.Fatal("no id")
		}
		err := write("user.create", func(tx staff.Tx) error { return tx.InsertUser(newUser("alice")) })
		if !errors.Is(err, service.ErrDuplicate) {
			t.Fatalf("duplicate username should be ErrDuplicate, got %v", err)
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
		if err := write("user.disable", func(tx staff.Tx) error { return tx.UpdateUser(got) }); err != nil {
			t.Fatal(err)
		}
		stale.DisplayName = "改名"
		err = write("user.rename", func(tx staff.Tx) error { return tx.UpdateUser(&stale) })
		if !errors.Is(err, service.ErrStale) || service.ErrorCode(err) != service.EConflict {
			t.Fatalf("stale update should be ErrStale, got %v", err)
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
