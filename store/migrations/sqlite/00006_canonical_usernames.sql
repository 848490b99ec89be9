-- Staff login names have one canonical form (NFKC, lower case, a–z 0–9 . _ -); the service
-- canonicalises every name before it reaches the database, so NOCASE on ASCII compares the same
-- bytes. Existing names are lowered to that form.

-- +goose Up
UPDATE staff_users SET username = lower(username);

-- +goose Down
SELECT 1;
