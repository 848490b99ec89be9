-- Why screening decided as it did, for the registrar: the kind, each concept with the wording
-- that showed it, the evidence against the best petition category (taxonomy words only, never
-- the citizen's text).

-- +goose Up
ALTER TABLE cases ADD COLUMN screen_why VARCHAR(500) NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE cases DROP COLUMN screen_why;
