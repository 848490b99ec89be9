-- 预约接访: sessions (slots) with capacity, bookings, desk calls, joint-reception participants,
-- idempotency keys and the hall's queue numbers.

-- +goose Up
CREATE TABLE booking_slots (
  id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  day        CHAR(10)    NOT NULL,
  session    VARCHAR(8)  NOT NULL,
  room       VARCHAR(32) NOT NULL,
  leader     VARCHAR(32) NOT NULL DEFAULT '',
  capacity   INT         NOT NULL,
  booked     INT         NOT NULL DEFAULT 0,
  closed     TINYINT(1)  NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_booking_slots (day, session, room, leader),
  CONSTRAINT ck_booking_slots_capacity CHECK (booked >= 0 AND booked <= capacity)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE bookings (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code           VARCHAR(16)  NOT NULL,
  status         VARCHAR(16)  NOT NULL,
  version        BIGINT       NOT NULL DEFAULT 1,
  slot_id        BIGINT       NULL,
  day            CHAR(10)     NOT NULL,
  session        VARCHAR(8)   NOT NULL,
  room           VARCHAR(32)  NOT NULL DEFAULT '',
  leader         VARCHAR(32)  NOT NULL DEFAULT '',
  name           VARCHAR(64)  NOT NULL,
  phone_enc      VARCHAR(255) NOT NULL DEFAULT '',
  id_enc         VARCHAR(255) NOT NULL DEFAULT '',
  id_idx         VARCHAR(32)  NOT NULL DEFAULT '',
  person_key     VARCHAR(32)  NOT NULL,
  openid         VARCHAR(64)  NOT NULL DEFAULT '',
  openid_kind    VARCHAR(8)   NOT NULL DEFAULT '',
  channel        VARCHAR(8)   NOT NULL,
  matter_enc     TEXT         NOT NULL,
  matter_key     VARCHAR(32)  NOT NULL,
  active_key     VARCHAR(80)  NULL,
  district       VARCHAR(16)  NOT NULL,
  street         VARCHAR(32)  NOT NULL DEFAULT '',
  department     VARCHAR(64)  NOT NULL DEFAULT '',
  history        VARCHAR(8)   NOT NULL DEFAULT 'first',
  earlier_cases  VARCHAR(255) NOT NULL DEFAULT '',
  reason         VARCHAR(255) NOT NULL DEFAULT '',
  guidance       VARCHAR(255) NOT NULL DEFAULT '',
  divert_to      VARCHAR(32)  NOT NULL DEFAULT '',
  reviewed_by    VARCHAR(64)  NOT NULL DEFAULT '',
  reviewed_at    DATETIME(6)  NULL,
  checked_in_at  DATETIME(6)  NULL,
  called_at      DATETIME(6)  NULL,
  visited_at     DATETIME(6)  NULL,
  queue          INT          NOT NULL DEFAULT 0,
  created_at     DATETIME(6)  NOT NULL,
  updated_at     DATETIME(6)  NOT NULL,
  UNIQUE KEY uq_bookings_code (code),
  UNIQUE KEY uq_bookings_active (active_key),
  KEY ix_bookings_day (day, status),
  KEY ix_bookings_person (person_key, id),
  KEY ix_bookings_id_idx (id_idx),
  KEY ix_bookings_openid (openid, id),
  KEY ix_bookings_department (department, day),
  KEY ix_bookings_slot (slot_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE booking_calls (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  booking_id BIGINT       NOT NULL,
  staff      VARCHAR(64)  NOT NULL,
  outcome    VARCHAR(16)  NOT NULL,
  note       TEXT         NOT NULL,
  at         DATETIME(6)  NOT NULL,
  KEY ix_booking_calls (booking_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE booking_participants (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  booking_id BIGINT       NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  unit       VARCHAR(64)  NOT NULL,
  user_id    BIGINT       NOT NULL DEFAULT 0,
  contact    VARCHAR(64)  NOT NULL DEFAULT '',
  phone_enc  VARCHAR(255) NOT NULL DEFAULT '',
  phone_mask VARCHAR(16)  NOT NULL DEFAULT '',
  created_at DATETIME(6)  NOT NULL,
  KEY ix_booking_participants (booking_id),
  KEY ix_booking_participants_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idempotency_keys (
  scope      VARCHAR(64)  NOT NULL,
  idem_key   VARCHAR(128) NOT NULL,
  booking_id BIGINT       NOT NULL,
  proof      VARCHAR(64)  NOT NULL DEFAULT '',
  created_at DATETIME(6)  NOT NULL,
  PRIMARY KEY (scope, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How many places each person holds (pending and confirmed bookings): the limit is a
-- conditional update of one row, locked per person.
CREATE TABLE booking_holders (
  person_key VARCHAR(32) NOT NULL PRIMARY KEY,
  active     INT         NOT NULL,
  CONSTRAINT ck_booking_holders CHECK (active >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE hall_queue (
  day  CHAR(10) NOT NULL PRIMARY KEY,
  last INT      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE hall_queue;
DROP TABLE booking_holders;
DROP TABLE idempotency_keys;
DROP TABLE booking_participants;
DROP TABLE booking_calls;
DROP TABLE bookings;
DROP TABLE booking_slots;
