package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/szxinfang/xinfang/service/wechat"
)

var _ wechat.Store = (*DB)(nil)

// RecordWeChat appends received messages and applies follow/unfollow events in one
// transaction. Message texts are encrypted: citizens type phone numbers into them.
func (db *DB) RecordWeChat(ctx context.Context, msgs []wechat.InboundMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var b strings.Builder
		args := make([]any, 0, len(msgs)*8)
		b.WriteString(`INSERT INTO wechat_messages (openid, msg_type, event, event_key, content_enc, msg_id, created_at, received_at) VALUES `)
		for i, m := range msgs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
			content, err := db.PII.Encrypt("wechat.content", m.Content)
			if err != nil {
				return err
			}
			args = append(args, truncate(m.OpenID, 64), truncate(m.MsgType, 16), truncate(m.Event, 32), truncate(m.EventKey, 255),
				content, m.MsgID, time.Unix(m.CreateTime, 0).UTC(), m.ReceivedAt.UTC())
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("insert wechat messages: %w", err)
		}
		// Follow and unfollow events become one multi-row upsert; the last event of an openid
		// in the batch wins, as it would one by one.
		var follows []follow
		for _, m := range msgs {
			if m.MsgType != "event" {
				continue
			}
			at := time.Unix(m.CreateTime, 0).UTC()
			switch strings.ToLower(m.Event) {
			case "subscribe":
				scene, _ := strings.CutPrefix(m.EventKey, "qrscene_")
				follows = append(follows, follow{truncate(m.OpenID, 64), true, truncate(scene, 64), at})
			case "unsubscribe":
				follows = append(follows, follow{truncate(m.OpenID, 64), false, "", at})
			}
		}
		return db.upsertFollowers(ctx, tx, follows)
	})
}

type follow struct {
	openID     string
	subscribed bool
	scene      string
	at         time.Time
}

func (db *DB) upsertFollowers(ctx context.Context, tx *sql.Tx, follows []follow) error {
	if len(follows) == 0 {
		return nil
	}
	// Keep each openid's last event: one row per key in a multi-row upsert.
	last := map[string]int{}
	for i, f := range follows {
		last[f.openID] = i
	}
	var b strings.Builder
	args := make([]any, 0, len(last)*6)
	b.WriteString(`INSERT INTO wechat_followers (openid, subscribed, scene, subscribed_at, unsubscribed_at, updated_at) VALUES `)
	n := 0
	for i, f := range follows {
		if last[f.openID] != i {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString("(?, ?, ?, ?, ?, ?)")
		var subAt, unsubAt any
		if f.subscribed {
			subAt = f.at
		} else {
			unsubAt = f.at
		}
		args = append(args, f.openID, f.subscribed, f.scene, subAt, unsubAt, db.Now())
	}
	if db.Dialect == MySQL {
		b.WriteString(` ON DUPLICATE KEY UPDATE subscribed = VALUES(subscribed), scene = IF(VALUES(subscribed), VALUES(scene), scene),
			subscribed_at = COALESCE(VALUES(subscribed_at), subscribed_at), unsubscribed_at = COALESCE(VALUES(unsubscribed_at), unsubscribed_at),
			updated_at = VALUES(updated_at)`)
	} else {
		b.WriteString(` ON CONFLICT(openid) DO UPDATE SET subscribed = excluded.subscribed,
			scene = CASE WHEN excluded.subscribed THEN excluded.scene ELSE scene END,
			subscribed_at = COALESCE(excluded.subscribed_at, subscribed_at), unsubscribed_at = COALESCE(excluded.unsubscribed_at, unsubscribed_at),
			updated_at = excluded.updated_at`)
	}
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("upsert wechat followers: %w", err)
	}
	return nil
}

func (db *DB) ListWeChatMessages(ctx context.Context, openID string, beforeID int64, limit int) ([]wechat.Record, error) {
	var c conds
	c.add(openID != "", "openid = ?", openID)
	c.add(beforeID > 0, "id < ?", beforeID)
	q, args := c.query(`SELECT id, openid, msg_type, event, event_key, content_enc, msg_id, created_at, received_at FROM wechat_messages`,
		`ORDER BY id DESC LIMIT ?`, limit)
	out, err := queryAll(ctx, db, func(s scanner) (wechat.Record, error) {
		var r wechat.Record
		var enc string
		err := s.Scan(&r.ID, &r.OpenID, &r.MsgType, &r.Event, &r.EventKey, &enc, &r.MsgID, &r.CreatedAt, &r.ReceivedAt)
		if err == nil {
			r.Content, err = db.PII.Decrypt("wechat.content", enc)
		}
		r.CreatedAt, r.ReceivedAt = r.CreatedAt.UTC(), r.ReceivedAt.UTC()
		return r, err
	}, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list wechat messages: %w", err)
	}
	return out, nil
}
