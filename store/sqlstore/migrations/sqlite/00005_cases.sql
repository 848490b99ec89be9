-- 登记转交平台: petition cases, the items (one per channel submission) they merge, the index keys
-- that find duplicate candidates, merges (reversible), the registrar's review queue, group links,
-- attachments, routing history and number counters.

-- +goose Up
CREATE TABLE cases (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
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
  fast_track       INTEGER   NOT NULL DEFAULT 0,
  non_petition     INTEGER   NOT NULL DEFAULT 0,
  screen_kind      VARCHAR(16)  NOT NULL DEFAULT '',
  screen_guidance  VARCHAR(255) NOT NULL DEFAULT '',
  screen_confirmed INTEGER   NOT NULL DEFAULT 0,
  repeat_alert     INTEGER   NOT NULL DEFAULT 0,
  no_reaccept      INTEGER   NOT NULL DEFAULT 0,
  group_id         BIGINT       NULL,
  name             VARCHAR(64)  NOT NULL DEFAULT '',
  phone_enc        VARCHAR(255) NOT NULL DEFAULT '',
  phone_idx        VARCHAR(32)  NOT NULL DEFAULT '',
  id_enc           VARCHAR(255) NOT NULL DEFAULT '',
  id_idx           VARCHAR(32)  NOT NULL DEFAULT '',
  summary_enc      TEXT         NOT NULL,
  channel          VARCHAR(16)  NOT NULL,
  items            INT          NOT NULL DEFAULT 1,
  received_at      DATETIME  NOT NULL,
  last_received_at DATETIME  NOT NULL,
  replied_at       DATETIME  NULL,
  reply_outcome    VARCHAR(16)  NOT NULL DEFAULT '',
  final_review_at  DATETIME  NULL,
  created_at       DATETIME  NOT NULL,
  updated_at       DATETIME  NOT NULL
);
CREATE UNIQUE INDEX uq_cases_no ON cases (case_no);
CREATE UNIQUE INDEX uq_cases_query ON cases (query_code);
CREATE INDEX ix_cases_office ON cases (office, status);
CREATE INDEX ix_cases_owner ON cases (owner, status);
CREATE INDEX ix_cases_received ON cases (received_at);
CREATE INDEX ix_cases_group ON cases (group_id);
CREATE INDEX ix_cases_phone ON cases (phone_idx);
CREATE INDEX ix_cases_id ON cases (id_idx);

CREATE TABLE case_items (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id      BIGINT       NOT NULL,
  external_id  VARCHAR(128) NULL,
  channel      VARCHAR(16)  NOT NULL,
  ems_no       VARCHAR(32)  NOT NULL DEFAULT '',
  received_at  DATETIME  NOT NULL,
  name         VARCHAR(64)  NOT NULL DEFAULT '',
  phone_enc    VARCHAR(255) NOT NULL DEFAULT '',
  phone_idx    VARCHAR(32)  NOT NULL DEFAULT '',
  id_enc       VARCHAR(255) NOT NULL DEFAULT '',
  id_idx       VARCHAR(32)  NOT NULL DEFAULT '',
  openid_idx   VARCHAR(32)  NOT NULL DEFAULT '',
  district     VARCHAR(16)  NOT NULL DEFAULT '',
  street       VARCHAR(32)  NOT NULL DEFAULT '',
  department   VARCHAR(64)  NOT NULL DEFAULT '',
  content_enc  TEXT   NOT NULL,
  features     BLOB   NOT NULL,
  non_petition INTEGER   NOT NULL DEFAULT 0,
  created_at   DATETIME  NOT NULL
);
CREATE UNIQUE INDEX uq_case_items_external ON case_items (external_id);
CREATE INDEX ix_case_items_case ON case_items (case_id, id);

CREATE TABLE case_keys (
  k           BIGINT      NOT NULL,
  item_id     BIGINT      NOT NULL,
  case_id     BIGINT      NOT NULL,
  received_at DATETIME NOT NULL,
  PRIMARY KEY (k, received_at, item_id)
) WITHOUT ROWID;
CREATE INDEX ix_case_keys_case ON case_keys (case_id, item_id);

CREATE TABLE case_merges (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id      BIGINT      NOT NULL,
  item_id      BIGINT      NOT NULL,
  from_case_id BIGINT      NOT NULL DEFAULT 0,
  reasons      TEXT        NOT NULL,
  person_score DOUBLE      NOT NULL DEFAULT 0,
  matter_score DOUBLE      NOT NULL DEFAULT 0,
  actor        VARCHAR(64) NOT NULL,
  at           DATETIME NOT NULL,
  undone_at    DATETIME NULL,
  undone_by    VARCHAR(64) NOT NULL DEFAULT ''
);
CREATE INDEX ix_case_merges_case ON case_merges (case_id);
CREATE INDEX ix_case_merges_item ON case_merges (item_id);

CREATE TABLE dedup_reviews (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id           BIGINT      NOT NULL,
  case_id           BIGINT      NOT NULL,
  candidate_case_id BIGINT      NOT NULL,
  reasons           TEXT        NOT NULL,
  person_score      DOUBLE      NOT NULL DEFAULT 0,
  matter_score      DOUBLE      NOT NULL DEFAULT 0,
  status            VARCHAR(16) NOT NULL,
  decided_by        VARCHAR(64) NOT NULL DEFAULT '',
  decided_at        DATETIME NULL,
  created_at        DATETIME NOT NULL
);
CREATE INDEX ix_dedup_reviews_status ON dedup_reviews (status, id);
CREATE INDEX ix_dedup_reviews_case ON dedup_reviews (case_id);

CREATE TABLE case_links (
  case_id       BIGINT      NOT NULL,
  other_case_id BIGINT      NOT NULL,
  kind          VARCHAR(16) NOT NULL,
  reasons       TEXT        NOT NULL,
  created_at    DATETIME NOT NULL,
  PRIMARY KEY (case_id, other_case_id)
);

CREATE TABLE case_attachments (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id      BIGINT       NOT NULL,
  case_id      BIGINT       NOT NULL,
  filename     VARCHAR(255) NOT NULL,
  content_type VARCHAR(64)  NOT NULL,
  size         BIGINT       NOT NULL,
  sha256       CHAR(64)     NOT NULL,
  storage_key  VARCHAR(255) NOT NULL,
  created_at   DATETIME  NOT NULL
);
CREATE INDEX ix_case_attachments_item ON case_attachments (item_id);
CREATE INDEX ix_case_attachments_case ON case_attachments (case_id);

CREATE TABLE case_routes (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id BIGINT       NOT NULL,
  office  VARCHAR(16)  NOT NULL,
  owner   VARCHAR(64)  NOT NULL,
  reason  VARCHAR(255) NOT NULL,
  actor   VARCHAR(64)  NOT NULL,
  at      DATETIME  NOT NULL
);
CREATE INDEX ix_case_routes_case ON case_routes (case_id, id);

CREATE TABLE counters (
  name  VARCHAR(32) NOT NULL PRIMARY KEY,
  value BIGINT      NOT NULL
);

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
