package cases

import (
	"context"
	"fmt"

	"github.com/szxinfang/xinfang/service/cases/match"
)

// Reindex computes every item's features and index keys again from its stored text and
// replaces the stored ones, batch items to a transaction. A new matcher may file items under
// keys an older one did not write (the nickname key for a full name, say): until the items
// registered before it are re-indexed, later submissions do not find them through those keys.
// Registration may go on meanwhile: an item is re-indexed under the case it is in when its
// batch commits. progress, when set, is told the items done so far after each batch.
func (s *Service) Reindex(ctx context.Context, batch int, progress func(done int)) (int, error) {
	if batch <= 0 {
		batch = 500
	}
	done := 0
	for after := int64(0); ; {
		items, err := s.Store.ItemsAfter(ctx, after, batch)
		if err != nil {
			return done, err
		}
		if len(items) == 0 {
			return done, nil
		}
		type row struct {
			it    *Item
			feats []byte
			keys  []int64
		}
		rows := make([]row, len(items))
		for i, it := range items {
			f := match.Extract(itemDoc(it))
			rows[i] = row{it, f.Marshal(), storedKeys(it, match.Keys(f))}
		}
		err = s.Store.InTx(ctx, func(tx Tx) error {
			for _, r := range rows {
				if err := tx.ReindexItem(r.it.ID, r.it.ReceivedAt, r.feats, r.keys); err != nil {
					return fmt.Errorf("item %d: %w", r.it.ID, err)
				}
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += len(items)
		after = items[len(items)-1].ID
		if progress != nil {
			progress(done)
		}
	}
}
