-- Matches (proposals between one request and one offer), the bookings an accepted match creates, the
-- messages on a match, feedback after completion, and each association's notifications inbox.

CREATE TABLE match (
    id           uuid PRIMARY KEY,
    request_id   uuid        NOT NULL REFERENCES listing (id),
    offer_id     uuid        NOT NULL REFERENCES listing (id),
    -- The associations of the request and of the offer, copied so that inboxes and access checks read one row.
    requester_id uuid        NOT NULL REFERENCES association (id),
    provider_id  uuid        NOT NULL REFERENCES association (id),
    proposed_by  uuid        NOT NULL REFERENCES association (id),
    status       text        NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'accepted', 'declined', 'withdrawn', 'cancelled', 'completed')),
    quantity     integer     NOT NULL DEFAULT 1 CHECK (quantity > 0),
    message      text        CHECK (length(message) <= 2000),
    -- Why it was declined or cancelled, and by which side.
    reason       text        CHECK (length(reason) <= 500),
    closed_by    uuid        REFERENCES association (id),
    -- The first start and the last end of the match's windows: "before the start", "after the end".
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    decided_at   timestamptz,
    version      integer     NOT NULL DEFAULT 1,
    CHECK (requester_id <> provider_id),
    CHECK (proposed_by IN (requester_id, provider_id)),
    CHECK (starts_at < ends_at)
);
-- Each side's matches, newest first (GET /matches incoming and outgoing).
CREATE INDEX match_requester_idx ON match (requester_id, created_at DESC, id DESC);
CREATE INDEX match_provider_idx ON match (provider_id, created_at DESC, id DESC);
-- Fairness: an association's open proposals.
CREATE INDEX match_open_idx ON match (proposed_by) WHERE status = 'proposed';
-- The completion job: accepted matches whose last window has ended.
CREATE INDEX match_completion_idx ON match (ends_at) WHERE status = 'accepted';

-- The windows a match is about: one, or the occurrences of a recurring request. UTC, half-open.
CREATE TABLE match_window (
    match_id uuid      NOT NULL REFERENCES match (id) ON DELETE CASCADE,
    slot     integer   NOT NULL,
    during   tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
    PRIMARY KEY (match_id, slot)
);

-- One booked window of an offer. A unit resource (a room, an interpreter, a vehicle: `exclusive`) is never
-- booked twice at one instant: the exclusion constraint refuses an overlapping confirmed booking, whichever
-- transaction, connection or API instance inserts it. Quantity resources share an offer's units.
CREATE TABLE booking (
    id           uuid PRIMARY KEY,
    match_id     uuid        NOT NULL REFERENCES match (id),
    offer_id     uuid        NOT NULL REFERENCES listing (id),
    requester_id uuid        NOT NULL REFERENCES association (id),
    provider_id  uuid        NOT NULL REFERENCES association (id),
    during       tstzrange   NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
    quantity     integer     NOT NULL CHECK (quantity > 0),
    exclusive    boolean     NOT NULL,
    status       text        NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz,
    CONSTRAINT booking_no_overlap EXCLUDE USING gist (offer_id WITH =, during WITH &&) WHERE (status = 'confirmed' AND exclusive)
);
-- An offer's confirmed bookings in a time range (matching, the search's free filter, quantity checks).
CREATE INDEX booking_offer_idx ON booking USING gist (offer_id, during) WHERE status = 'confirmed';
CREATE INDEX booking_match_idx ON booking (match_id);
-- An association's bookings as provider and as requester, by time.
CREATE INDEX booking_provider_idx ON booking (provider_id, lower(during));
CREATE INDEX booking_requester_idx ON booking (requester_id, lower(during));

CREATE TABLE match_message (
    id                    uuid PRIMARY KEY,
    match_id              uuid        NOT NULL REFERENCES match (id),
    author_association_id uuid        NOT NULL REFERENCES association (id),
    -- The member who wrote it; null when an API key did.
    author_user_id        uuid        REFERENCES app_user (id),
    body                  text        NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX match_message_idx ON match_message (match_id, created_at, id);

-- One feedback per side of a completed match. Feeds the trust component of matching and the association's profile.
CREATE TABLE feedback (
    match_id            uuid        NOT NULL REFERENCES match (id),
    from_association_id uuid        NOT NULL REFERENCES association (id),
    to_association_id   uuid        NOT NULL REFERENCES association (id),
    rating              smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment             text        CHECK (length(comment) <= 2000),
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (match_id, from_association_id),
    CHECK (from_association_id <> to_association_id)
);
CREATE INDEX feedback_to_idx ON feedback (to_association_id) INCLUDE (rating);

-- An association's inbox. Written in the transaction of the event it reports; `kind` names the event
-- (NotificationKind in the domain), the references and `data` carry what the inbox shows.
CREATE TABLE notification (
    id             uuid PRIMARY KEY,
    association_id uuid        NOT NULL REFERENCES association (id),
    kind           text        NOT NULL CHECK (kind ~ '^[a-z][a-z_]{1,59}$'),
    match_id       uuid        REFERENCES match (id),
    listing_id     uuid        REFERENCES listing (id),
    data           jsonb       NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    read_at        timestamptz
);
CREATE INDEX notification_inbox_idx ON notification (association_id, created_at DESC, id DESC);
CREATE INDEX notification_unread_idx ON notification (association_id, created_at DESC, id DESC) WHERE read_at IS NULL;
