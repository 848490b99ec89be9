-- Staff accounts and the append-only audit log.

-- +goose Up
CREATE TABLE staff_users (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  username             TEXT    NOT NULL COLLATE NOCASE UNIQUE,
  display_name         TEXT    NOT NULL,
  roles                TEXT    NOT NULL,
  office               TEXT    NOT NULL DEFAULT '',
  department           TEXT    NOT NULL DEFAULT '',
  password_hash        TEXT    NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled             INTEGER NOT NULL DEFAULT 0,
  auth_version         INTEGER NOT NULL DEFAULT 1,
  created_at           DATETIME NOT NULL,
  updated_at           DATETIME NOT NULL
);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          DATETIME NOT NULL,
  actor_id    INTEGER NOT NULL DEFAULT 0,
  actor       TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target_type TEXT    NOT NULL DEFAULT '',
  target_id   TEXT    NOT NULL DEFAULT '',
  ip          TEXT    NOT NULL DEFAULT '',
  outcome     TEXT    NOT NULL,
  detail      TEXT    NOT NULL,
  request_id  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX ix_audit_at ON audit_log (at);
CREATE INDEX ix_audit_actor ON audit_log (actor_id, id);
CREATE INDEX ix_audit_target ON audit_log (target_type, target_id, id);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_log;
DROP TABLE staff_users;
