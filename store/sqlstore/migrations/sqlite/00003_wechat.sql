-- What the official account receives, and who follows it.

-- +goose Up
CREATE TABLE wechat_messages (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  openid      TEXT    NOT NULL,
  msg_type    TEXT    NOT NULL,
  event       TEXT    NOT NULL DEFAULT '',
  event_key   TEXT    NOT NULL DEFAULT '',
  content_enc TEXT    NOT NULL,
  msg_id      INTEGER NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL,
  received_at DATETIME NOT NULL
);
CREATE INDEX ix_wechat_messages_openid ON wechat_messages (openid, id);
CREATE INDEX ix_wechat_messages_received ON wechat_messages (received_at);

CREATE TABLE wechat_followers (
  openid          TEXT    NOT NULL PRIMARY KEY,
  subscribed      INTEGER NOT NULL,
  scene           TEXT    NOT NULL DEFAULT '',
  subscribed_at   DATETIME NULL,
  unsubscribed_at DATETIME NULL,
  updated_at      DATETIME NOT NULL
);

-- +goose Down
DROP TABLE wechat_followers;
DROP TABLE wechat_messages;
