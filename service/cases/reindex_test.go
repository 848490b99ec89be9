package cases_test

import (
	"context"
	"testing"

	"github.com/szxinfang/xinfang/service/cases"
	"github.com/szxinfang/xinfang/service/servicetest"
)

// Items filed by an older matcher (here: with no keys and unreadable features at all) are found
// again after Reindex, which files them as registration does now; running it twice changes
// nothing more.
func TestReindexRefilesItems(t *testing.T) {
	forEachCaseRig(t, func(t *testing.T, r *caseRig) {
		ctx := context.Background()
		first, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "letter", Name: "汪玉", District: "罗湖区", Street: "东门街道", Content: archiveLetter})
		if err != nil {
			t.Fatal(err)
		}
		keysOf := func() int {
			var n int
			if err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_keys WHERE item_id = ?`, first.ItemID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		filed := keysOf()
		if _, err := r.db.ExecContext(ctx, `DELETE FROM case_keys WHERE item_id = ?`, first.ItemID); err != nil {
			t.Fatal(err)
		}
		if _, err := r.db.ExecContext(ctx, `UPDATE case_items SET features = ? WHERE id = ?`, []byte("old"), first.ItemID); err != nil {
			t.Fatal(err)
		}
		// Another item so that a batch holds more than one.
		if _, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "online", Name: "李秀英", Phone: "13900139000", District: "坪山区", Content: noise}); err != nil {
			t.Fatal(err)
		}
		var batches []int
		n, err := r.svc.Reindex(ctx, 1, func(done int) { batches = append(batches, done) })
		if err != nil || n != 2 || len(batches) != 2 || batches[1] != 2 {
			t.Fatalf("reindex: %d items, batches %v, err %v", n, batches, err)
		}
		if got := keysOf(); got != filed {
			t.Fatalf("keys after reindex: %d, registration filed %d", got, filed)
		}
		it, _ := r.db.ItemByID(ctx, first.ItemID)
		if string(it.Features) == "old" {
			t.Fatal("features not written again")
		}
		again, err := r.svc.Register(servicetest.System, cases.ItemInput{Channel: "letter", Name: "汪玉", District: "罗湖区", Street: "东门街道", Content: archiveLetter + "再次来信。"})
		if err != nil {
			t.Fatal(err)
		}
		if !again.Merged || again.Case.ID != first.Case.ID {
			t.Fatalf("the re-indexed item was not found: merged %v into %d, want %d", again.Merged, again.Case.ID, first.Case.ID)
		}
		if n, err := r.svc.Reindex(ctx, 0, nil); err != nil || n != 3 || keysOf() != filed {
			t.Fatalf("second run: %d items, %d keys (want %d), err %v", n, keysOf(), filed, err)
		}
	})
}
