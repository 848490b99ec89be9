package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/szxinfang/xinfang/service/cases"
)

// BulkCase is one case with its single item and index keys, for BulkLoadCases.
type BulkCase struct {
	Case *cases.Case
	Item *cases.Item
	Keys []int64
}

// BulkLoadCases inserts many one-item cases in large multi-row statements, bypassing duplicate
// detection: for loading an older system's already de-duplicated archive, and for benchmarks
// that need a million stored cases. Case numbers are "XB" + a sequence.
func (db *DB) BulkLoadCases(ctx context.Context, rows []BulkCase) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var first int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM cases`).Scan(&first); err != nil {
			return err
		}
		const batch = 500
		for start := 0; start < len(rows); start += batch {
			part := rows[start:min(start+batch, len(rows))]
			var cv, iv, kv []string
			var ca, ia, ka []any
			for i, r := range part {
				id := first + int64(start+i) + 1
				c, it := r.Case, r.Item
				phone, idn, summary, err := db.sealCase(c)
				if err != nil {
					return err
				}
				c.ID, c.CaseNo = id, fmt.Sprintf("XB%012d", id)
				cv = append(cv, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				ca = append(ca, id, c.CaseNo, c.QueryCode, c.Status, c.Purpose, c.Category, c.District, c.Street, c.Department, c.Office,
					c.NonPetition, truncate(c.Name, 64), phone, c.PhoneIdx, idn, c.IDIdx, summary, c.Channel, c.ReceivedAt.UTC(), c.ReceivedAt.UTC(),
					db.Now(), db.Now())
				iphone, iidn, content, err := db.sealItem(it)
				if err != nil {
					return err
				}
				iv = append(iv, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				ia = append(ia, id, id, it.Channel, it.ReceivedAt.UTC(), truncate(it.Name, 64), iphone, it.PhoneIdx, iidn, it.IDIdx, it.OpenIDIdx,
					it.District, it.Street, truncate(it.Department, 64), content, it.Features, it.NonPetition, db.Now())
				seen := map[int64]bool{}
				for _, k := range r.Keys {
					if k == 0 || seen[k] {
						continue
					}
					seen[k] = true
					kv = append(kv, "(?, ?, ?, ?)")
					ka = append(ka, k, id, id, it.ReceivedAt.UTC())
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO cases (id, case_no, query_code, status, purpose, category, district, street, department,
				office, non_petition, name, phone_enc, phone_idx, id_enc, id_idx, summary_enc, channel, received_at, last_received_at, created_at,
				updated_at)
				VALUES `+strings.Join(cv, ", "), ca...); err != nil {
				return fmt.Errorf("bulk cases: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_items (id, case_id, channel, received_at, name, phone_enc, phone_idx, id_enc, id_idx,
				openid_idx, district, street, department, content_enc, features, non_petition, created_at) VALUES `+strings.Join(iv, ", "), ia...); err != nil {
				return fmt.Errorf("bulk items: %w", err)
			}
			for ks := 0; ks < len(kv); ks += 1000 {
				ke := min(ks+1000, len(kv))
				if _, err := tx.ExecContext(ctx, `INSERT INTO case_keys (k, item_id, case_id, received_at) VALUES `+strings.Join(kv[ks:ke], ", "), ka[ks*4:ke*4]...); err != nil {
					return fmt.Errorf("bulk keys: %w", err)
				}
			}
		}
		return nil
	})
}
