-- Staff login names have one canonical form (NFKC, lower case, a–z 0–9 . _ -), and lookups
-- compare bytes: utf8mb4_unicode_ci matched ｖｉｃｔｉｍ, VÍCTIM and victím to "victim", which let
-- lookalike spellings sign in past the lock of the real name.

-- +goose Up
UPDATE staff_users SET username = LOWER(username);
ALTER TABLE staff_users MODIFY username VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

-- +goose Down
ALTER TABLE staff_users MODIFY username VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL;
