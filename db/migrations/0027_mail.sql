-- Email, the outbox's first channel (see 0025_outbox.sql). The mail channel turns an event into rows here inside
-- the dispatcher's transaction; a sender on every API instance sends them later. A mail is rendered only when it
-- is sent, from the inbox entry and the recipient's current address, name and language, so these tables hold
-- references, not the texts.

-- A person's choice per kind of event; a kind without a row has its default (MailDefaults).
CREATE TABLE mail_preference (
    user_id    uuid        NOT NULL REFERENCES app_user (id) ON UPDATE CASCADE ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind ~ '^[a-z][a-z_]{1,59}$'),
    delivery   text        NOT NULL CHECK (delivery IN ('immediately', 'daily_digest', 'off')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind)
);

-- One mail to one person: about one event (notification_id), or the daily digest of a Berlin day (digest_day).
CREATE TABLE mail (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES app_user (id) ON UPDATE CASCADE ON DELETE CASCADE,
    notification_id uuid        REFERENCES notification (id) ON DELETE CASCADE,
    digest_day      date,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      text,
    CHECK ((notification_id IS NULL) <> (digest_day IS NULL))
);
-- A redelivered event (the dispatcher's transaction was retried) never makes a second mail, and two instances
-- collecting the same day's digest make one.
CREATE UNIQUE INDEX mail_event_once_idx ON mail (notification_id, user_id) WHERE notification_id IS NOT NULL;
CREATE UNIQUE INDEX mail_digest_once_idx ON mail (user_id, digest_day) WHERE digest_day IS NOT NULL;
-- The senders' queue: only pending mails, earliest due first.
CREATE INDEX mail_pending_idx ON mail (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mail_user_idx ON mail (user_id);

-- Events waiting for a person's daily digest; mail_id is set when the digest that carries them is made.
CREATE TABLE mail_digest_item (
    user_id         uuid        NOT NULL REFERENCES app_user (id) ON UPDATE CASCADE ON DELETE CASCADE,
    notification_id uuid        NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    mail_id         uuid        REFERENCES mail (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, notification_id)
);
CREATE INDEX mail_digest_item_waiting_idx ON mail_digest_item (user_id) WHERE mail_id IS NULL;
CREATE INDEX mail_digest_item_mail_idx ON mail_digest_item (mail_id);
CREATE INDEX mail_digest_item_notification_idx ON mail_digest_item (notification_id);
