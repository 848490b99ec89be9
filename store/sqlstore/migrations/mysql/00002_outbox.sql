-- The notification outbox: messages recorded with the business change that causes them.

-- +goose Up
CREATE TABLE outbox (
  id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  msg_key            VARCHAR(191) NOT NULL,
  channel            VARCHAR(16)  NOT NULL,
  kind               VARCHAR(32)  NOT NULL,
  recipient_enc      VARCHAR(255) NOT NULL,
  recipient_mask     VARCHAR(64)  NOT NULL,
  params_enc         TEXT         NOT NULL,
  ref_type           VARCHAR(32)  NOT NULL DEFAULT '',
  ref_id             VARCHAR(64)  NOT NULL DEFAULT '',
  status             VARCHAR(16)  NOT NULL,
  attempts           INT          NOT NULL DEFAULT 0,
  next_at            DATETIME(6)  NOT NULL,
  lease_owner        VARCHAR(96)  NOT NULL DEFAULT '',
  uncertain          TINYINT(1)   NOT NULL DEFAULT 0,
  provider_id        VARCHAR(64)  NOT NULL DEFAULT '',
  error_code         VARCHAR(64)  NOT NULL DEFAULT '',
  last_error         VARCHAR(512) NOT NULL DEFAULT '',
  created_at         DATETIME(6)  NOT NULL,
  updated_at         DATETIME(6)  NOT NULL,
  first_try_at       DATETIME(6)  NULL,
  sent_at            DATETIME(6)  NULL,
  receipt_at         DATETIME(6)  NULL,
  receipt_checked_at DATETIME(6)  NULL,
  UNIQUE KEY uq_outbox_key (msg_key),
  KEY ix_outbox_due (status, next_at),
  KEY ix_outbox_ref (ref_type, ref_id),
  KEY ix_outbox_receipt (channel, status, sent_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE outbox;
