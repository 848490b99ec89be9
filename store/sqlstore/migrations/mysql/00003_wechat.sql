-- What the official account receives, and who follows it.

-- +goose Up
CREATE TABLE wechat_messages (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  openid      VARCHAR(64)  NOT NULL,
  msg_type    VARCHAR(16)  NOT NULL,
  event       VARCHAR(32)  NOT NULL DEFAULT '',
  event_key   VARCHAR(255) NOT NULL DEFAULT '',
  content_enc TEXT         NOT NULL,
  msg_id      BIGINT       NOT NULL DEFAULT 0,
  created_at  DATETIME(6)  NOT NULL,
  received_at DATETIME(6)  NOT NULL,
  KEY ix_wechat_messages_openid (openid, id),
  KEY ix_wechat_messages_received (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE wechat_followers (
  openid          VARCHAR(64)  NOT NULL PRIMARY KEY,
  subscribed      TINYINT(1)   NOT NULL,
  scene           VARCHAR(64)  NOT NULL DEFAULT '',
  subscribed_at   DATETIME(6)  NULL,
  unsubscribed_at DATETIME(6)  NULL,
  updated_at      DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE wechat_followers;
DROP TABLE wechat_messages;
