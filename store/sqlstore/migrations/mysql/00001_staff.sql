-- Staff accounts and the append-only audit log.

-- +goose Up
CREATE TABLE staff_users (
  id                   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username             VARCHAR(64)  NOT NULL,
  display_name         VARCHAR(64)  NOT NULL,
  roles                VARCHAR(128) NOT NULL,
  office               VARCHAR(32)  NOT NULL DEFAULT '',
  department           VARCHAR(64)  NOT NULL DEFAULT '',
  password_hash        VARCHAR(255) NOT NULL,
  must_change_password TINYINT(1)   NOT NULL DEFAULT 0,
  disabled             TINYINT(1)   NOT NULL DEFAULT 0,
  auth_version         BIGINT       NOT NULL DEFAULT 1,
  created_at           DATETIME(6)  NOT NULL,
  updated_at           DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_staff_users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME(6)  NOT NULL,
  actor_id    BIGINT       NOT NULL DEFAULT 0,
  actor       VARCHAR(64)  NOT NULL,
  action      VARCHAR(64)  NOT NULL,
  target_type VARCHAR(32)  NOT NULL DEFAULT '',
  target_id   VARCHAR(64)  NOT NULL DEFAULT '',
  ip          VARCHAR(64)  NOT NULL DEFAULT '',
  outcome     VARCHAR(16)  NOT NULL,
  detail      TEXT         NOT NULL,
  request_id  VARCHAR(64)  NOT NULL DEFAULT '',
  KEY ix_audit_at (at),
  KEY ix_audit_actor (actor_id, id),
  KEY ix_audit_target (target_type, target_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';

-- +goose Down
DROP TABLE audit_log;
DROP TABLE staff_users;
