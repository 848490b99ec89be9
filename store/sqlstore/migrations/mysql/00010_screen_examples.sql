-- Registrars' screening decisions as labelled examples: when a registrar overrides the
-- screening (or confirms a doubtful one), the item's features are kept with the kind decided,
-- and later items close to it follow the decision and say so. An example can be withdrawn.

-- +goose Up
CREATE TABLE screen_examples (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id      BIGINT       NOT NULL,
  case_no      VARCHAR(24)  NOT NULL,
  kind         VARCHAR(16)  NOT NULL,
  features     MEDIUMBLOB   NOT NULL,
  created_by   VARCHAR(64)  NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  withdrawn_by VARCHAR(64)  NOT NULL DEFAULT '',
  withdrawn_at DATETIME(6)  NULL,
  KEY ix_screen_examples_active (withdrawn_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE screen_examples;
