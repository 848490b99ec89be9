-- How many people come with a booking or a walk-in: five or more is a group visit (集体访), who
-- must choose representatives (at most five) to be received.

-- +goose Up
ALTER TABLE bookings ADD COLUMN visitors INT NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE bookings DROP COLUMN visitors;
