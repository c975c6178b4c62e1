-- Webhooks: an association's endpoints, the messages the outbox dispatcher queues for them (one per event and
-- endpoint, written in the dispatcher's transaction) and every attempt to deliver one.
CREATE TABLE webhook_endpoint (
    id                   uuid        PRIMARY KEY,
    association_id       uuid        NOT NULL REFERENCES association (id),
    url                  text        NOT NULL,
    event_types          text[]      NOT NULL,
    -- The signing secret must be stored as it is (Standard Webhooks signs with HMAC-SHA256 under it); it is shown
    -- to the association only when it is made.
    secret               text        NOT NULL,
    enabled              boolean     NOT NULL DEFAULT true,
    disabled_at          timestamptz,
    -- The run of failed attempts since the last success: the endpoint is disabled when it is long enough.
    consecutive_failures integer     NOT NULL DEFAULT 0,
    failing_since        timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoint_association_idx ON webhook_endpoint (association_id, created_at, id);

-- id is the message's webhook-id: every attempt, redelivery and replay sends the same one, so that receivers can
-- drop duplicates. payload is the exact text that is signed and sent. next_attempt_at doubles as the lease of
-- the sender that claimed the message: claiming moves it into the future by the lease, so a sender that dies
-- mid-delivery (kill -9) leaves the message due again once the lease ends, for whichever instance looks next.
CREATE TABLE webhook_message (
    id              text        PRIMARY KEY,
    endpoint_id     uuid        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- Retries stop here (three days after the event, or after a replay); a failure after it makes the message dead.
    expires_at      timestamptz NOT NULL,
    -- The clock, not the transaction's start: the dispatcher writes a batch of events in one transaction, and the
    -- log orders them as they happened.
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at     timestamptz
);
-- The senders' claim: due messages, soonest first.
CREATE INDEX webhook_message_due_idx ON webhook_message (next_attempt_at) WHERE status = 'pending';
-- The delivery log of an endpoint, newest first.
CREATE INDEX webhook_message_log_idx ON webhook_message (endpoint_id, created_at DESC, id DESC);
-- The retention of finished messages.
CREATE INDEX webhook_message_finished_idx ON webhook_message (finished_at) WHERE status <> 'pending';

CREATE TABLE webhook_attempt (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   text        NOT NULL REFERENCES webhook_message (id) ON DELETE CASCADE,
    attempted_at timestamptz NOT NULL,
    status_code  integer,
    duration_ms  integer     NOT NULL,
    error        text
);
CREATE INDEX webhook_attempt_message_idx ON webhook_attempt (message_id, id);

-- API keys may manage webhooks with a scope of their own.
ALTER TABLE api_key DROP CONSTRAINT api_key_scopes_check;
ALTER TABLE api_key ADD CONSTRAINT api_key_scopes_check
    CHECK (scopes <@ ARRAY['listings:read', 'listings:write', 'matches:write', 'webhooks:write']::text[]);
