-- Each association's calendar feed of its bookings: calendar programs cannot send credentials, so the feed's URL
-- carries a secret. Only its SHA-256 hash is stored; renewing replaces it (the old URL stops working at once),
-- revoking deletes the row.
CREATE TABLE calendar_feed (
    association_id uuid        PRIMARY KEY REFERENCES association (id),
    token_hash     bytea       NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL DEFAULT now()
);
