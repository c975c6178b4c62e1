-- Listings (offers and requests), their time windows, and the German full-text configuration.

-- German stemming over unaccented words: "Räume", "raume" and "Raum" meet.
CREATE TEXT SEARCH CONFIGURATION german_unaccent (COPY = pg_catalog.german);
ALTER TEXT SEARCH CONFIGURATION german_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;

-- The directed language edges an interpreting listing covers: a two-way pair de-ti gives {de>ti, ti>de}, a
-- one-way prs→de only {prs>de}. Indexed (GIN) for the search's language filter.
CREATE FUNCTION listing_language_edges(details jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce((
        SELECT array_agg(DISTINCT edge)
          FROM jsonb_array_elements(coalesce(details -> 'languagePairs', '[]'::jsonb)) AS p,
               LATERAL (VALUES ((p ->> 'from') || '>' || (p ->> 'to')),
                               (CASE WHEN coalesce((p ->> 'oneWay')::boolean, false) THEN NULL
                                     ELSE (p ->> 'to') || '>' || (p ->> 'from') END)) AS e(edge)
         WHERE edge IS NOT NULL), '{}');

-- Replaces the body 0001 gave distance_km, with the same results: least() is not strict, so PostgreSQL could
-- not inline the STRICT function and ran it through the SQL-function executor for every candidate of a
-- radius search (4.5 µs a row, measured). float8smaller is the same minimum as a strict function; inlined,
-- a row costs 0.3 µs.
CREATE OR REPLACE FUNCTION distance_km(a point, b point) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN 2 * 6371.0088 * asin(float8smaller(1.0, sqrt(
        power(sin(radians(b[1] - a[1]) / 2), 2)
        + cos(radians(a[1])) * cos(radians(b[1])) * power(sin(radians(b[0] - a[0]) / 2), 2))));

CREATE TABLE listing (
    id               uuid PRIMARY KEY,
    association_id   uuid          NOT NULL REFERENCES association (id),
    kind             text          NOT NULL CHECK (kind IN ('offer', 'request')),
    category         text          NOT NULL CHECK (category IN ('room', 'interpreting', 'equipment', 'vehicle', 'expertise', 'other')),
    title            text          NOT NULL CHECK (length(title) <= 120),
    description      text          NOT NULL CHECK (length(description) <= 4000),
    content_language text          NOT NULL,
    details          jsonb         NOT NULL,
    postal_code      text          NOT NULL,
    city             text          NOT NULL,
    latitude         double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude        double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    street_address   text,
    service_radius_km numeric(6, 1) CHECK (service_radius_km >= 0),
    max_distance_km  numeric(6, 1) CHECK (max_distance_km >= 0),
    remote_ok        boolean       NOT NULL DEFAULT false,
    schedule         jsonb         NOT NULL,
    recurring        boolean       NOT NULL DEFAULT false,
    terms            text          NOT NULL CHECK (terms IN ('free', 'cost_sharing', 'exchange')),
    cost_eur         numeric(10, 2) CHECK (cost_eur >= 0),
    exchange_for     text,
    max_budget_eur   numeric(10, 2) CHECK (max_budget_eur >= 0),
    valid_until      timestamptz   NOT NULL,
    status           text          NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'pending_review', 'published', 'paused', 'closed', 'expired', 'rejected', 'removed')),
    close_reason     text          CHECK (close_reason IN ('fulfilled', 'withdrawn')),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    published_at     timestamptz,
    version          integer       NOT NULL DEFAULT 1,
    -- Derived, for filters and matching: the point for distance, the size that capacity/attendees/quantity/
    -- seats give, the language edges, and the German full text of title and description.
    location         point GENERATED ALWAYS AS (point(longitude, latitude)) STORED,
    size             integer GENERATED ALWAYS AS (coalesce((details ->> 'capacity')::int, (details ->> 'attendees')::int,
                                                           (details ->> 'quantity')::int, (details ->> 'seats')::int)) STORED,
    language_edges   text[] GENERATED ALWAYS AS (listing_language_edges(details)) STORED,
    search           tsvector GENERATED ALWAYS AS (
                         setweight(to_tsvector('german_unaccent', title), 'A') ||
                         setweight(to_tsvector('german_unaccent', description), 'B')) STORED
);

-- The public search reads published listings only, so its indexes are partial on the status its SQL repeats
-- literally. Which index serves which filter, with measurements: README, "Performance: listing search".
-- Browsing by category/kind, newest first (keyset on published_at, id). The included columns let the
-- search's per-category counts, which without a narrow filter cover every published listing, run as an
-- index-only scan (validity, the association join, freeOnly and minCapacity read from the index) instead of
-- reading the table.
CREATE INDEX listing_published_idx ON listing (category, kind, published_at DESC, id DESC)
    INCLUDE (association_id, valid_until, terms, size) WHERE status = 'published';
-- Newest first across categories: every search without a category filter walks this order.
CREATE INDEX listing_published_newest_idx ON listing (published_at DESC, id DESC) WHERE status = 'published';
-- Full text (search @@ websearch_to_tsquery) and language pairs (language_edges @> the wanted edges).
CREATE INDEX listing_search_idx ON listing USING gin (search) WHERE status = 'published';
CREATE INDEX listing_language_idx ON listing USING gin (language_edges) WHERE status = 'published';
-- Radius: the bounding box (location <@ box) narrows, distance_km decides. The included columns answer the
-- category counts of a radius search from the index alone.
CREATE INDEX listing_location_idx ON listing USING gist (location)
    INCLUDE (category, kind, association_id, valid_until, terms, size) WHERE status = 'published';
-- The search's statements are short index reads. On the two-core machines the API runs on, starting
-- parallel workers for them costs more than they save: the category counts over 100,000 listings took
-- 60-190 ms with two workers and 21-27 ms in one process.
ALTER TABLE listing SET (parallel_workers = 0);
-- An association's own listings in every status.
CREATE INDEX listing_association_idx ON listing (association_id, created_at DESC, id DESC);
-- The expiry job finds listings whose validUntil passed.
CREATE INDEX listing_expiry_idx ON listing (valid_until) WHERE status IN ('published', 'paused', 'pending_review');

-- Concrete time windows: an offer's availability (its windows and expanded weekly schedule), a request's
-- needed windows (alternatives, or the occurrences of a recurring need). UTC instants, half-open ranges.
CREATE TABLE listing_window (
    listing_id uuid      NOT NULL REFERENCES listing (id) ON DELETE CASCADE,
    slot       integer   NOT NULL,
    during     tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
    PRIMARY KEY (listing_id, slot)
);
-- "Available for the whole range" (the search's freeFrom/freeTo): the windows containing a range, found by
-- the range; listing_id is included for index-only scans. One listing's own windows are reached through the
-- primary key.
CREATE INDEX listing_window_during_idx ON listing_window USING gist (during) INCLUDE (listing_id);
