-- The staff case list: each equality filter with the newest first is an index range read in order.

-- +goose Up
CREATE INDEX ix_cases_office_id ON cases (office, id);
CREATE INDEX ix_cases_owner_id ON cases (owner, id);
CREATE INDEX ix_cases_status_id ON cases (status, id);
CREATE INDEX ix_cases_district_id ON cases (district, id);
CREATE INDEX ix_cases_category_id ON cases (category, id);
CREATE INDEX ix_cases_channel_id ON cases (channel, id);
CREATE INDEX ix_cases_received_filters ON cases (received_at, id, status, office, category, district, channel, owner);
DROP INDEX ix_cases_received;

-- +goose Down
CREATE INDEX ix_cases_received ON cases (received_at);
DROP INDEX ix_cases_received_filters;
DROP INDEX ix_cases_office_id;
DROP INDEX ix_cases_owner_id;
DROP INDEX ix_cases_status_id;
DROP INDEX ix_cases_district_id;
DROP INDEX ix_cases_category_id;
DROP INDEX ix_cases_channel_id;
