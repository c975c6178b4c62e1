-- Saved searches: a member keeps the filters of GET /listings and hears of new published listings that match, by
-- email (to the member) or webhook (to the association's endpoints that chose saved_search_matched), at once, daily
-- or weekly. What a search finds is recorded per listing (saved_search_hit) and sent through the outbox as one
-- inbox entry per search and period.
CREATE TABLE saved_search (
    id                     uuid             PRIMARY KEY,
    association_id         uuid             NOT NULL REFERENCES association (id),
    user_id                uuid             NOT NULL REFERENCES app_user (id) ON UPDATE CASCADE ON DELETE CASCADE,
    name                   text             NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The filters as the member gave them (the query names of GET /listings), shown back as they are.
    filters                jsonb            NOT NULL,
    -- What matching reads, taken from the filters once when they are saved (a place name resolved to coordinates).
    kind                   text,
    category               text,
    query_text             text,
    latitude               double precision,
    longitude              double precision,
    radius_km              double precision,
    free_from              timestamptz,
    free_to                timestamptz,
    language_edges         text[],
    min_capacity           integer,
    free_only              boolean          NOT NULL,
    verified_only          boolean          NOT NULL,
    listing_association_id uuid,
    channel                text             NOT NULL CHECK (channel IN ('email', 'webhook')),
    rhythm                 text             NOT NULL CHECK (rhythm IN ('immediately', 'daily', 'weekly')),
    -- A daily or weekly search sends what it collected once this moment has passed, and then waits a period again.
    next_due_at            timestamptz      NOT NULL,
    created_at             timestamptz      NOT NULL DEFAULT now(),
    updated_at             timestamptz      NOT NULL DEFAULT now()
);
-- "My saved searches" in an association, oldest first.
CREATE INDEX saved_search_owner_idx ON saved_search (user_id, association_id, created_at, id);
-- The association's webhook searches, for its managers.
CREATE INDEX saved_search_association_idx ON saved_search (association_id) WHERE channel = 'webhook';
-- The collector's look for periods that ended.
CREATE INDEX saved_search_due_idx ON saved_search (next_due_at) WHERE rhythm <> 'immediately';

-- Listings that became published (by whatever path: publish, approval, restore, resume, SQL) and are still to be
-- matched against the saved searches. Queued by the trigger below in the transaction that publishes, so that
-- publishing costs one row; the matcher on every API instance claims rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE saved_search_pending (
    listing_id   uuid        PRIMARY KEY REFERENCES listing (id) ON DELETE CASCADE,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_search_pending_queued_idx ON saved_search_pending (published_at, listing_id);

-- A listing a search found. The primary key makes "never twice for the same search" the database's rule: a listing
-- published, paused and published again, or matched by two instances at once, is recorded once. notification_id is
-- set when the entry that carries it is written.
CREATE TABLE saved_search_hit (
    saved_search_id uuid        NOT NULL REFERENCES saved_search (id) ON DELETE CASCADE,
    listing_id      uuid        NOT NULL REFERENCES listing (id) ON DELETE CASCADE,
    matched_at      timestamptz NOT NULL DEFAULT now(),
    notification_id uuid        REFERENCES notification (id) ON DELETE SET NULL,
    sent            boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (saved_search_id, listing_id)
);
-- The collector's queue: hits not yet sent.
CREATE INDEX saved_search_hit_unsent_idx ON saved_search_hit (saved_search_id) WHERE NOT sent;
CREATE INDEX saved_search_hit_listing_idx ON saved_search_hit (listing_id);
CREATE INDEX saved_search_hit_notification_idx ON saved_search_hit (notification_id);

-- Nothing is queued while nobody saved a search: bulk loads of published listings stay as cheap as before.
CREATE FUNCTION saved_search_enqueue() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM saved_search) THEN
        INSERT INTO saved_search_pending (listing_id) VALUES (NEW.id)
            ON CONFLICT (listing_id) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER saved_search_enqueue_insert
    AFTER INSERT ON listing
    FOR EACH ROW WHEN (NEW.status = 'published') EXECUTE FUNCTION saved_search_enqueue();

CREATE TRIGGER saved_search_enqueue_update
    AFTER UPDATE OF status ON listing
    FOR EACH ROW WHEN (NEW.status = 'published' AND OLD.status <> 'published') EXECUTE FUNCTION saved_search_enqueue();
