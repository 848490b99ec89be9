-- 预约接访: sessions (slots) with capacity, bookings, desk calls, joint-reception participants,
-- idempotency keys and the hall's queue numbers.

-- +goose Up
CREATE TABLE booking_slots (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  day        CHAR(10)    NOT NULL,
  session    VARCHAR(8)  NOT NULL,
  room       VARCHAR(32) NOT NULL,
  leader     VARCHAR(32) NOT NULL DEFAULT '',
  capacity   INT         NOT NULL,
  booked     INT         NOT NULL DEFAULT 0,
  closed     INTEGER  NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  CHECK (booked >= 0 AND booked <= capacity)
);
CREATE UNIQUE INDEX uq_booking_slots ON booking_slots (day, session, room, leader);

CREATE TABLE bookings (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
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
  reviewed_at    DATETIME  NULL,
  checked_in_at  DATETIME  NULL,
  called_at      DATETIME  NULL,
  visited_at     DATETIME  NULL,
  queue          INT          NOT NULL DEFAULT 0,
  created_at     DATETIME  NOT NULL,
  updated_at     DATETIME  NOT NULL
);
CREATE UNIQUE INDEX uq_bookings_code ON bookings (code);
CREATE UNIQUE INDEX uq_bookings_active ON bookings (active_key);
CREATE INDEX ix_bookings_day ON bookings (day, status);
CREATE INDEX ix_bookings_person ON bookings (person_key, id);
CREATE INDEX ix_bookings_id_idx ON bookings (id_idx);
CREATE INDEX ix_bookings_openid ON bookings (openid, id);
CREATE INDEX ix_bookings_department ON bookings (department, day);
CREATE INDEX ix_bookings_slot ON bookings (slot_id);

CREATE TABLE booking_calls (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  booking_id BIGINT       NOT NULL,
  staff      VARCHAR(64)  NOT NULL,
  outcome    VARCHAR(16)  NOT NULL,
  note       TEXT         NOT NULL,
  at         DATETIME  NOT NULL
);
CREATE INDEX ix_booking_calls ON booking_calls (booking_id, id);

CREATE TABLE booking_participants (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  booking_id BIGINT       NOT NULL,
  kind       VARCHAR(16)  NOT NULL,
  unit       VARCHAR(64)  NOT NULL,
  user_id    BIGINT       NOT NULL DEFAULT 0,
  contact    VARCHAR(64)  NOT NULL DEFAULT '',
  phone_enc  VARCHAR(255) NOT NULL DEFAULT '',
  phone_mask VARCHAR(16)  NOT NULL DEFAULT '',
  created_at DATETIME  NOT NULL
);
CREATE INDEX ix_booking_participants ON booking_participants (booking_id);
CREATE INDEX ix_booking_participants_user ON booking_participants (user_id);

CREATE TABLE idempotency_keys (
  scope      VARCHAR(64)  NOT NULL,
  idem_key   VARCHAR(128) NOT NULL,
  booking_id BIGINT       NOT NULL,
  proof      VARCHAR(64)  NOT NULL DEFAULT '',
  created_at DATETIME  NOT NULL,
  PRIMARY KEY (scope, idem_key)
);

-- How many places each person holds (pending and confirmed bookings): the limit is a
-- conditional update of one row, locked per person.
CREATE TABLE booking_holders (
  person_key VARCHAR(32) NOT NULL PRIMARY KEY,
  active     INT         NOT NULL,
  CHECK (active >= 0)
);

CREATE TABLE hall_queue (
  day  CHAR(10) NOT NULL PRIMARY KEY,
  last INT      NOT NULL
);

-- +goose Down
DROP TABLE hall_queue;
DROP TABLE booking_holders;
DROP TABLE idempotency_keys;
DROP TABLE booking_participants;
DROP TABLE booking_calls;
DROP TABLE bookings;
DROP TABLE booking_slots;
