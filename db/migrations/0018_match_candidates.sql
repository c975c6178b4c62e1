-- Match candidates computed when listings change, not on every read (README "Matching"): every request–offer pair
-- of published listings passing the time, place and fit checks, with the request's windows the offer covers.
-- The application computes them (MatchCandidates); the triggers below say when. What changes without touching
-- the listings' content (validity, reports hiding a listing, suspension, bookings, trust) a read checks.

CREATE TABLE match_candidate (
    request_id uuid       NOT NULL,
    offer_id   uuid       NOT NULL,
    -- The request's windows (listing_window.slot) that lie wholly inside one of the offer's windows, of those
    -- still ahead when the pair was computed.
    slots      smallint[] NOT NULL,
    PRIMARY KEY (request_id, offer_id)
);
-- No foreign keys: the listing trigger removes a listing's pairs when it leaves published or is deleted, which
-- covers everything a key would, and keys would double the cost of writing pairs in bulk.
CREATE INDEX match_candidate_offer_idx ON match_candidate (offer_id);

-- Listings whose candidates are to be computed: queued by the triggers, taken by the application.
CREATE TABLE match_candidate_stale (
    listing_id uuid        PRIMARY KEY,
    category   text        NOT NULL,
    queued_at  timestamptz NOT NULL DEFAULT now()
);
-- A read of a listing's matches first refreshes what is queued in its category.
CREATE INDEX match_candidate_stale_category_idx ON match_candidate_stale (category);
CREATE INDEX match_candidate_stale_queued_idx ON match_candidate_stale (queued_at, listing_id);

-- A listing leaving the candidates takes its pairs with it, under the category's advisory lock that refreshes
-- take too: a refresh that computed a pair with it from an older snapshot has committed before, or sees it gone.
CREATE FUNCTION match_candidates_leave(ids uuid[], categories text[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('match_candidate:' || c.category, 0))
       FROM (SELECT DISTINCT category FROM unnest(categories) AS u(category) ORDER BY category) c;
    DELETE FROM match_candidate WHERE request_id = ANY(ids);
    DELETE FROM match_candidate WHERE offer_id = ANY(ids);
    DELETE FROM match_candidate_stale WHERE listing_id = ANY(ids);
END $$;

-- What the checks read of a listing: a change of any of it makes the listing's candidates stale (its windows
-- through the window trigger).
CREATE FUNCTION listing_match_facts(l listing) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN concat_ws('|', l.kind, l.category, l.association_id, l.latitude, l.longitude, l.service_radius_km, l.max_distance_km,
                     l.remote_ok, l.size, l.details, l.terms, l.cost_eur, l.max_budget_eur, l.recurring, l.schedule);

CREATE FUNCTION listing_match_candidates_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    leaving uuid[];
    leaving_categories text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO match_candidate_stale (listing_id, category)
        SELECT id, category FROM new_rows WHERE status = 'published'
            ON CONFLICT (listing_id) DO UPDATE SET queued_at = excluded.queued_at;
        RETURN NULL;
    END IF;

    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(id), array_agg(category) INTO leaving, leaving_categories
          FROM old_rows WHERE status = 'published';
    ELSE
        SELECT array_agg(o.id), array_agg(o.category) INTO leaving, leaving_categories
          FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE o.status = 'published' AND NOT (n.status = 'published');
        INSERT INTO match_candidate_stale (listing_id, category)
        SELECT n.id, n.category
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.status = 'published'
           AND (NOT (o.status = 'published') OR listing_match_facts(o) IS DISTINCT FROM listing_match_facts(n))
            ON CONFLICT (listing_id) DO UPDATE SET queued_at = excluded.queued_at;
    END IF;

    IF leaving IS NOT NULL THEN
        PERFORM match_candidates_leave(leaving, leaving_categories);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER listing_match_candidates_insert AFTER INSERT ON listing
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_match_candidates_changed();
CREATE TRIGGER listing_match_candidates_update AFTER UPDATE ON listing
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_match_candidates_changed();
CREATE TRIGGER listing_match_candidates_delete AFTER DELETE ON listing
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_match_candidates_changed();

-- New or changed windows of a published listing make its candidates stale.
CREATE FUNCTION listing_window_match_candidates_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO match_candidate_stale (listing_id, category)
        SELECT DISTINCT l.id, l.category FROM old_rows w JOIN listing l ON l.id = w.listing_id
         WHERE l.status = 'published'
            ON CONFLICT (listing_id) DO UPDATE SET queued_at = excluded.queued_at;
    ELSE
        INSERT INTO match_candidate_stale (listing_id, category)
        SELECT DISTINCT l.id, l.category FROM new_rows w JOIN listing l ON l.id = w.listing_id
         WHERE l.status = 'published'
            ON CONFLICT (listing_id) DO UPDATE SET queued_at = excluded.queued_at;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER listing_window_match_candidates_insert AFTER INSERT ON listing_window
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_window_match_candidates_changed();
CREATE TRIGGER listing_window_match_candidates_update AFTER UPDATE ON listing_window
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_window_match_candidates_changed();
CREATE TRIGGER listing_window_match_candidates_delete AFTER DELETE ON listing_window
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_window_match_candidates_changed();

-- Counterparts of one category and kind by place: the reach box of a refresh, and the nearest of a near-miss
-- search (ORDER BY location <-> point).
CREATE INDEX listing_counterpart_idx ON listing USING gist (category, kind, location)
    WHERE status = 'published';

-- Every listing published now is to be computed: the application does it in the background, or at once with
-- the command refresh-matches.
INSERT INTO match_candidate_stale (listing_id, category)
SELECT id, category FROM listing WHERE status = 'published';
