-- Staff login names have one canonical form (NFKC, lower case, a–z 0–9 . _ -), and lookups
-- compare bytes, as on MySQL (where utf8mb4_unicode_ci had matched ｖｉｃｔｉｍ, VÍCTIM and victím to
-- "victim"). The table is rebuilt without NOCASE; existing names are lowered.

-- +goose Up
CREATE TABLE staff_users_new (
  id                   INTEGER PRIMARY KEY AUTOINCREMENT,
  username             TEXT    NOT NULL UNIQUE,
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
INSERT INTO staff_users_new SELECT id, lower(username), display_name, roles, office, department, password_hash,
  must_change_password, disabled, auth_version, created_at, updated_at FROM staff_users;
DROP TABLE staff_users;
ALTER TABLE staff_users_new RENAME TO staff_users;

-- +goose Down
SELECT 1;
