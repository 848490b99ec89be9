-- 登记转交平台: petition cases, the items (one per channel submission) they merge, the index keys
-- that find duplicate candidates, merges (reversible), the registrar's review queue, group links,
-- attachments, routing history and number counters.

-- +goose Up
CREATE TABLE cases (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_no          VARCHAR(24)  NOT NULL,
  query_code       VARCHAR(16)  NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  version          BIGINT       NOT NULL DEFAULT 1,
  purpose          VARCHAR(16)  NOT NULL DEFAULT '',
  category         VARCHAR(32)  NOT NULL DEFAULT '',
  district         VARCHAR(16)  NOT NULL DEFAULT '',
  street           VARCHAR(32)  NOT NULL DEFAULT '',
  department       VARCHAR(64)  NOT NULL DEFAULT '',
  office           VARCHAR(16)  NOT NULL DEFAULT '',
  owner            VARCHAR(64)  NOT NULL DEFAULT '',
  fast_track       TINYINT(1)   NOT NULL DEFAULT 0,
  non_petition     TINYINT(1)   NOT NULL DEFAULT 0,
  screen_kind      VARCHAR(16)  NOT NULL DEFAULT '',
  screen_guidance  VARCHAR(255) NOT NULL DEFAULT '',
  screen_confirmed TINYINT(1)   NOT NULL DEFAULT 0,
  repeat_alert     TINYINT(1)   NOT NULL DEFAULT 0,
  no_reaccept      TINYINT(1)   NOT NULL DEFAULT 0,
  group_id         BIGINT       NULL,
  name             VARCHAR(64)  NOT NULL DEFAULT '',
  phone_enc        VARCHAR(255) NOT NULL DEFAULT '',
  phone_idx        VARCHAR(32)  NOT NULL DEFAULT '',
  id_enc           VARCHAR(255) NOT NULL DEFAULT '',
  id_idx           VARCHAR(32)  NOT NULL DEFAULT '',
  summary_enc      TEXT         NOT NULL,
  channel          VARCHAR(16)  NOT NULL,
  items            INT          NOT NULL DEFAULT 1,
  received_at      DATETIME(6)  NOT NULL,
  last_received_at DATETIME(6)  NOT NULL,
  replied_at       DATETIME(6)  NULL,
  reply_outcome    VARCHAR(16)  NOT NULL DEFAULT '',
  final_review_at  DATETIME(6)  NULL,
  created_at       DATETIME(6)  NOT NULL,
  updated_at       DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_cases_no (case_no),
  UNIQUE KEY uq_cases_query (query_code),
  KEY ix_cases_office (office, status),
  KEY ix_cases_owner (owner, status),
  KEY ix_cases_received (received_at),
  KEY ix_cases_group (group_id),
  KEY ix_cases_phone (phone_idx),
  KEY ix_cases_id (id_idx)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_items (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id      BIGINT       NOT NULL,
  external_id  VARCHAR(128) NULL,
  channel      VARCHAR(16)  NOT NULL,
  ems_no       VARCHAR(32)  NOT NULL DEFAULT '',
  received_at  DATETIME(6)  NOT NULL,
  name         VARCHAR(64)  NOT NULL DEFAULT '',
  phone_enc    VARCHAR(255) NOT NULL DEFAULT '',
  phone_idx    VARCHAR(32)  NOT NULL DEFAULT '',
  id_enc       VARCHAR(255) NOT NULL DEFAULT '',
  id_idx       VARCHAR(32)  NOT NULL DEFAULT '',
  openid_idx   VARCHAR(32)  NOT NULL DEFAULT '',
  district     VARCHAR(16)  NOT NULL DEFAULT '',
  street       VARCHAR(32)  NOT NULL DEFAULT '',
  department   VARCHAR(64)  NOT NULL DEFAULT '',
  content_enc  MEDIUMTEXT   NOT NULL,
  features     MEDIUMBLOB   NOT NULL,
  non_petition TINYINT(1)   NOT NULL DEFAULT 0,
  created_at   DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_case_items_external (external_id),
  KEY ix_case_items_case (case_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_keys (
  k           BIGINT      NOT NULL,
  item_id     BIGINT      NOT NULL,
  case_id     BIGINT      NOT NULL,
  received_at DATETIME(6) NOT NULL,
  PRIMARY KEY (k, received_at, item_id),
  KEY ix_case_keys_case (case_id, item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_merges (
  id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id      BIGINT      NOT NULL,
  item_id      BIGINT      NOT NULL,
  from_case_id BIGINT      NOT NULL DEFAULT 0,
  reasons      TEXT        NOT NULL,
  person_score DOUBLE      NOT NULL DEFAULT 0,
  matter_score DOUBLE      NOT NULL DEFAULT 0,
  actor        VARCHAR(64) NOT NULL,
  at           DATETIME(6) NOT NULL,
  undone_at    DATETIME(6) NULL,
  undone_by    VARCHAR(64) NOT NULL DEFAULT '',
  KEY ix_case_merges_case (case_id),
  KEY ix_case_merges_item (item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE dedup_reviews (
  id                BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id           BIGINT      NOT NULL,
  case_id           BIGINT      NOT NULL,
  candidate_case_id BIGINT      NOT NULL,
  reasons           TEXT        NOT NULL,
  person_score      DOUBLE      NOT NULL DEFAULT 0,
  matter_score      DOUBLE      NOT NULL DEFAULT 0,
  status            VARCHAR(16) NOT NULL,
  decided_by        VARCHAR(64) NOT NULL DEFAULT '',
  decided_at        DATETIME(6) NULL,
  created_at        DATETIME(6) NOT NULL,
  KEY ix_dedup_reviews_status (status, id),
  KEY ix_dedup_reviews_case (case_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_links (
  case_id       BIGINT      NOT NULL,
  other_case_id BIGINT      NOT NULL,
  kind          VARCHAR(16) NOT NULL,
  reasons       TEXT        NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  PRIMARY KEY (case_id, other_case_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_attachments (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id      BIGINT       NOT NULL,
  case_id      BIGINT       NOT NULL,
  filename     VARCHAR(255) NOT NULL,
  content_type VARCHAR(64)  NOT NULL,
  size         BIGINT       NOT NULL,
  sha256       CHAR(64)     NOT NULL,
  storage_key  VARCHAR(255) NOT NULL,
  created_at   DATETIME(6)  NOT NULL,
  KEY ix_case_attachments_item (item_id),
  KEY ix_case_attachments_case (case_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_routes (
  id      BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id BIGINT       NOT NULL,
  office  VARCHAR(16)  NOT NULL,
  owner   VARCHAR(64)  NOT NULL,
  reason  VARCHAR(255) NOT NULL,
  actor   VARCHAR(64)  NOT NULL,
  at      DATETIME(6)  NOT NULL,
  KEY ix_case_routes_case (case_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE counters (
  name  VARCHAR(32) NOT NULL PRIMARY KEY,
  value BIGINT      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE counters;
DROP TABLE case_routes;
DROP TABLE case_attachments;
DROP TABLE case_links;
DROP TABLE dedup_reviews;
DROP TABLE case_merges;
DROP TABLE case_keys;
DROP TABLE case_items;
DROP TABLE cases;
