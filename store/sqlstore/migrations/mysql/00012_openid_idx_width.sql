-- An item's openid index is the WeChat app ("oa" or "mp"), a colon and the 32-character blind
-- index: 35 characters, three more than VARCHAR(32) holds, so under strict mode every item with
-- an openid failed to insert on MySQL/MariaDB (SQLite does not enforce the width). A server
-- without strict mode stored such indexes cut to 32 characters: those items no longer meet the
-- same openid's later items by it (they still meet by name and text).

-- +goose Up
ALTER TABLE case_items MODIFY openid_idx VARCHAR(40) NOT NULL DEFAULT '';

-- +goose Down
-- Nothing: narrowing the column again would fail on (or cut) every stored openid index.
SELECT 1;
