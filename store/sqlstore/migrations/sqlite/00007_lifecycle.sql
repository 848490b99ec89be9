-- The case lifecycle (see the MySQL migration of the same number).

-- +goose Up
ALTER TABLE cases ADD COLUMN unit VARCHAR(64)  NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN unit_mode VARCHAR(16)  NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN decided_at DATETIME  NULL;
ALTER TABLE cases ADD COLUMN accepted_at DATETIME  NULL;
ALTER TABLE cases ADD COLUMN decision_reason VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN decision_guidance VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN reply_tag VARCHAR(16)  NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN reply_enc TEXT         NULL;
ALTER TABLE cases ADD COLUMN extension_days INT          NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extension_state VARCHAR(16)  NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN extension_reason VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN review_requested_at DATETIME NULL;
ALTER TABLE cases ADD COLUMN reviewed_at DATETIME NULL;
ALTER TABLE cases ADD COLUMN review_outcome VARCHAR(16) NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN review_enc TEXT        NULL;
ALTER TABLE cases ADD COLUMN recheck_requested_at DATETIME NULL;
ALTER TABLE cases ADD COLUMN recheck_outcome VARCHAR(16) NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN recheck_enc TEXT        NULL;
ALTER TABLE cases ADD COLUMN closed_at DATETIME  NULL;
ALTER TABLE cases ADD COLUMN satisfaction VARCHAR(16)  NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN rated_at DATETIME  NULL;
ALTER TABLE cases ADD COLUMN openid_enc VARCHAR(255) NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN openid_kind VARCHAR(8)   NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN booking_code VARCHAR(16)  NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN case_id BIGINT NULL;

CREATE TABLE case_deadlines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id  INTEGER      NOT NULL,
  kind     VARCHAR(24) NOT NULL,
  start_at DATETIME NOT NULL,
  due_date VARCHAR(10) NOT NULL,
  state    VARCHAR(12) NOT NULL,
  met_at   DATETIME NULL,
  stage    INT         NOT NULL DEFAULT 0,
  next_at  DATETIME NULL
);
CREATE UNIQUE INDEX uq_case_deadlines ON case_deadlines (case_id, kind);
CREATE INDEX ix_case_deadlines_next ON case_deadlines (next_at);
CREATE INDEX ix_case_deadlines_due ON case_deadlines (state, due_date);

CREATE TABLE case_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER        NOT NULL,
  at      DATETIME   NOT NULL,
  kind    VARCHAR(32)   NOT NULL,
  actor   VARCHAR(64)   NOT NULL DEFAULT '',
  public  INTEGER    NOT NULL DEFAULT 0,
  text    VARCHAR(500)  NOT NULL DEFAULT '',
  detail  VARCHAR(1000) NOT NULL DEFAULT ''
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);

CREATE TABLE case_notices (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id   INTEGER      NOT NULL,
  kind      VARCHAR(24) NOT NULL,
  number    VARCHAR(48) NOT NULL,
  issued_at DATETIME NOT NULL,
  issued_by VARCHAR(64) NOT NULL DEFAULT '',
  body_enc  TEXT        NOT NULL
);
CREATE UNIQUE INDEX uq_case_notices_number ON case_notices (number);
CREATE INDEX ix_case_notices_case ON case_notices (case_id, id);

CREATE TABLE case_reminders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id     INTEGER      NOT NULL,
  deadline_id INTEGER      NOT NULL,
  stage       INT         NOT NULL,
  kind        VARCHAR(24) NOT NULL,
  due_date    VARCHAR(10) NOT NULL,
  owner       VARCHAR(64) NOT NULL DEFAULT '',
  office      VARCHAR(16) NOT NULL DEFAULT '',
  created_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_case_reminders ON case_reminders (deadline_id, stage);
CREATE INDEX ix_case_reminders_owner ON case_reminders (owner, id);
CREATE INDEX ix_case_reminders_office ON case_reminders (office, id);

CREATE TABLE case_supervisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id      INTEGER        NOT NULL,
  deadline_id  INTEGER        NULL,
  kind         VARCHAR(24)   NOT NULL,
  state        VARCHAR(12)   NOT NULL,
  requested_by VARCHAR(64)   NOT NULL,
  requested_at DATETIME   NOT NULL,
  request      VARCHAR(500)  NOT NULL DEFAULT '',
  answer       VARCHAR(1000) NOT NULL DEFAULT '',
  answered_by  VARCHAR(64)   NOT NULL DEFAULT '',
  answered_at  DATETIME   NULL,
  outcome      VARCHAR(255)  NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX uq_case_supervisions_deadline ON case_supervisions (deadline_id);
CREATE INDEX ix_case_supervisions_state ON case_supervisions (state, id);
CREATE INDEX ix_case_supervisions_case ON case_supervisions (case_id, id);

-- +goose Down
SELECT 1;
