-- Registrars' screening decisions as labelled examples (see the MySQL migration).

-- +goose Up
CREATE TABLE screen_examples (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id      INTEGER     NOT NULL,
  case_no      VARCHAR(24) NOT NULL,
  kind         VARCHAR(16) NOT NULL,
  features     BLOB        NOT NULL,
  created_by   VARCHAR(64) NOT NULL,
  created_at   DATETIME    NOT NULL,
  withdrawn_by VARCHAR(64) NOT NULL DEFAULT '',
  withdrawn_at DATETIME    NULL
);
CREATE INDEX ix_screen_examples_active ON screen_examples (withdrawn_at, id);

-- +goose Down
DROP TABLE screen_examples;
