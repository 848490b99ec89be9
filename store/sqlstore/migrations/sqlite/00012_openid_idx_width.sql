-- The MySQL schema widens case_items.openid_idx to 40 characters ("oa:" + a 32-character blind
-- index). SQLite does not enforce a VARCHAR's width, so nothing changes here; the version is
-- kept so that both dialects stand at the same migration.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
