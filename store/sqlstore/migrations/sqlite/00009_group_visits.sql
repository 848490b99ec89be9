-- How many people come with a booking or a walk-in (集体访 from five).

-- +goose Up
ALTER TABLE bookings ADD COLUMN visitors INTEGER NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE bookings DROP COLUMN visitors;
