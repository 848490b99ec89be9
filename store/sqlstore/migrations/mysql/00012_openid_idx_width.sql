-- An item's openid index is the WeChat app ("oa" or "mp"), a colon and the 32-character blind
-- index: 35 characters, one row too long for VARCHAR(32) under strict mode, so every item with
-- an openid failed to insert on MySQL/MariaDB (SQLite does not enforce the width).

-- +goose Up
ALTER TABLE case_items MODIFY openid_idx VARCHAR(40) NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE case_items MODIFY openid_idx VARCHAR(32) NOT NULL DEFAULT '';
