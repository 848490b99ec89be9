-- The staff case list: each equality filter with the newest first (ORDER BY id DESC LIMIT n) is an
-- index range read in order, not a sort of every matching case.

-- +goose Up
CREATE INDEX ix_cases_office_id ON cases (office, id);
CREATE INDEX ix_cases_owner_id ON cases (owner, id);
CREATE INDEX ix_cases_status_id ON cases (status, id);
CREATE INDEX ix_cases_district_id ON cases (district, id);
CREATE INDEX ix_cases_category_id ON cases (category, id);
CREATE INDEX ix_cases_channel_id ON cases (channel, id);
-- A receipt range read backwards, the other filters checked in the index (covering the ids).
CREATE INDEX ix_cases_received_filters ON cases (received_at, id, status, office, category, district, channel, owner);
DROP INDEX ix_cases_received ON cases;

-- +goose Down
CREATE INDEX ix_cases_received ON cases (received_at);
DROP INDEX ix_cases_received_filters ON cases;
DROP INDEX ix_cases_office_id ON cases;
DROP INDEX ix_cases_owner_id ON cases;
DROP INDEX ix_cases_status_id ON cases;
DROP INDEX ix_cases_district_id ON cases;
DROP INDEX ix_cases_category_id ON cases;
DROP INDEX ix_cases_channel_id ON cases;
