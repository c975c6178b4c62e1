-- Idempotency-Key support for POSTs that create: the first successful answer per (principal, key) is kept
-- for 24 hours and replayed for the same request; the same key with another request is refused. A row
-- without status is a request still in flight (claimed by INSERT … ON CONFLICT, so two instances never
-- run the same key twice).
CREATE TABLE idempotency_key (
    principal   text        NOT NULL,
    key         text        NOT NULL,
    fingerprint bytea       NOT NULL,
    status      integer,
    location    text,
    etag        text,
    body        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
