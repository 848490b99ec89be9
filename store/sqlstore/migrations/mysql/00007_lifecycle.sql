-- The case lifecycle: acceptance, handling, reply, 复查/复核, supervision, satisfaction. Deadlines are
-- rows of their own, found by the time of their next action (a reminder or an escalation), so the
-- deadline pass reads only what is due. Every step is an event on the case's timeline; written
-- notices are kept with their number.

-- +goose Up
ALTER TABLE cases
  MODIFY status VARCHAR(24) NOT NULL,
  ADD COLUMN unit              VARCHAR(64)  NOT NULL DEFAULT '',
  ADD COLUMN unit_mode         VARCHAR(16)  NOT NULL DEFAULT '',
  ADD COLUMN decided_at        DATETIME(6)  NULL,
  ADD COLUMN accepted_at       DATETIME(6)  NULL,
  ADD COLUMN decision_reason   VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN decision_guidance VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN reply_tag         VARCHAR(16)  NOT NULL DEFAULT '',
  ADD COLUMN reply_enc         TEXT         NULL,
  ADD COLUMN extension_days    INT          NOT NULL DEFAULT 0,
  ADD COLUMN extension_state   VARCHAR(16)  NOT NULL DEFAULT '',
  ADD COLUMN extension_reason  VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN review_requested_at  DATETIME(6) NULL,
  ADD COLUMN reviewed_at          DATETIME(6) NULL,
  ADD COLUMN review_outcome       VARCHAR(16) NOT NULL DEFAULT '',
  ADD COLUMN review_enc           TEXT        NULL,
  ADD COLUMN recheck_requested_at DATETIME(6) NULL,
  ADD COLUMN recheck_outcome      VARCHAR(16) NOT NULL DEFAULT '',
  ADD COLUMN recheck_enc          TEXT        NULL,
  ADD COLUMN closed_at         DATETIME(6)  NULL,
  ADD COLUMN satisfaction      VARCHAR(16)  NOT NULL DEFAULT '',
  ADD COLUMN rated_at          DATETIME(6)  NULL,
  ADD COLUMN openid_enc        VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN openid_kind       VARCHAR(8)   NOT NULL DEFAULT '',
  ADD COLUMN booking_code      VARCHAR(16)  NOT NULL DEFAULT '';

ALTER TABLE bookings ADD COLUMN case_id BIGINT NULL;

CREATE TABLE case_deadlines (
  id       BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id  BIGINT      NOT NULL,
  kind     VARCHAR(24) NOT NULL,
  start_at DATETIME(6) NOT NULL,
  due_date VARCHAR(10) NOT NULL,
  state    VARCHAR(12) NOT NULL,
  met_at   DATETIME(6) NULL,
  stage    INT         NOT NULL DEFAULT 0,
  next_at  DATETIME(6) NULL,
  UNIQUE KEY uq_case_deadlines (case_id, kind),
  KEY ix_case_deadlines_next (next_at),
  KEY ix_case_deadlines_due (state, due_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_events (
  id      BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT        NOT NULL,
  at      DATETIME(6)   NOT NULL,
  kind    VARCHAR(32)   NOT NULL,
  actor   VARCHAR(64)   NOT NULL DEFAULT '',
  public  TINYINT(1)    NOT NULL DEFAULT 0,
  text    VARCHAR(500)  NOT NULL DEFAULT '',
  detail  VARCHAR(1000) NOT NULL DEFAULT '',
  KEY ix_case_events_case (case_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_notices (
  id        BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id   BIGINT      NOT NULL,
  kind      VARCHAR(24) NOT NULL,
  number    VARCHAR(48) NOT NULL,
  issued_at DATETIME(6) NOT NULL,
  issued_by VARCHAR(64) NOT NULL DEFAULT '',
  body_enc  TEXT        NOT NULL,
  UNIQUE KEY uq_case_notices_number (number),
  KEY ix_case_notices_case (case_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_reminders (
  id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id     BIGINT      NOT NULL,
  deadline_id BIGINT      NOT NULL,
  stage       INT         NOT NULL,
  kind        VARCHAR(24) NOT NULL,
  due_date    VARCHAR(10) NOT NULL,
  owner       VARCHAR(64) NOT NULL DEFAULT '',
  office      VARCHAR(16) NOT NULL DEFAULT '',
  created_at  DATETIME(6) NOT NULL,
  UNIQUE KEY uq_case_reminders (deadline_id, stage),
  KEY ix_case_reminders_owner (owner, id),
  KEY ix_case_reminders_office (office, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_supervisions (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id      BIGINT        NOT NULL,
  deadline_id  BIGINT        NULL,
  kind         VARCHAR(24)   NOT NULL,
  state        VARCHAR(12)   NOT NULL,
  requested_by VARCHAR(64)   NOT NULL,
  requested_at DATETIME(6)   NOT NULL,
  request      VARCHAR(500)  NOT NULL DEFAULT '',
  answer       VARCHAR(1000) NOT NULL DEFAULT '',
  answered_by  VARCHAR(64)   NOT NULL DEFAULT '',
  answered_at  DATETIME(6)   NULL,
  outcome      VARCHAR(255)  NOT NULL DEFAULT '',
  UNIQUE KEY uq_case_supervisions_deadline (deadline_id),
  KEY ix_case_supervisions_state (state, id),
  KEY ix_case_supervisions_case (case_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE case_supervisions;
DROP TABLE case_reminders;
DROP TABLE case_notices;
DROP TABLE case_events;
DROP TABLE case_deadlines;
ALTER TABLE bookings DROP COLUMN case_id;
