-- The notification outbox: messages recorded with the business change that causes them.

-- +goose Up
CREATE TABLE outbox (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  msg_key            TEXT    NOT NULL UNIQUE,
  channel            TEXT    NOT NULL,
  kind               TEXT    NOT NULL,
  recipient_enc      TEXT    NOT NULL,
  recipient_mask     TEXT    NOT NULL,
  params_enc         TEXT    NOT NULL,
  ref_type           TEXT    NOT NULL DEFAULT '',
  ref_id             TEXT    NOT NULL DEFAULT '',
  status             TEXT    NOT NULL,
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_at            DATETIME NOT NULL,
  lease_owner        TEXT    NOT NULL DEFAULT '',
  uncertain          INTEGER NOT NULL DEFAULT 0,
  provider_id        TEXT    NOT NULL DEFAULT '',
  error_code         TEXT    NOT NULL DEFAULT '',
  last_error         TEXT    NOT NULL DEFAULT '',
  created_at         DATETIME NOT NULL,
  updated_at         DATETIME NOT NULL,
  first_try_at       DATETIME NULL,
  sent_at            DATETIME NULL,
  receipt_at         DATETIME NULL,
  receipt_checked_at DATETIME NULL
);
CREATE INDEX ix_outbox_due ON outbox (status, next_at);
CREATE INDEX ix_outbox_ref ON outbox (ref_type, ref_id);
CREATE INDEX ix_outbox_receipt ON outbox (channel, status, sent_at);

-- +goose Down
DROP TABLE outbox;
