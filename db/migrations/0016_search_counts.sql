-- Listing search at 200,000 listings and beyond: per-category counts kept by the writes, and indexes from which
-- a search reads only index entries until it knows which 21 listings to show. Measurements: README,
-- "Performance: listing search".

-- Every search leaves out listings that reports hid, so the always-true filters of a search
-- (status = 'published' AND hidden_at IS NULL) are the predicates of its partial indexes: only then can a scan
-- decide a row from the index alone, without reading the table.
DROP INDEX listing_published_idx;
CREATE INDEX listing_published_idx ON listing (category, kind, published_at DESC, id DESC)
    INCLUDE (association_id, valid_until, terms, size) WHERE status = 'published' AND hidden_at IS NULL;
-- Newest first across categories. The included columns let a search with a broad filter (text, place,
-- capacity, terms) walk this order reading index entries only, and fetch just the rows of its page.
DROP INDEX listing_published_newest_idx;
CREATE INDEX listing_published_newest_idx ON listing (published_at DESC, id DESC)
    INCLUDE (category, kind, association_id, valid_until, terms, size, location, search)
    WHERE status = 'published' AND hidden_at IS NULL;
DROP INDEX listing_search_idx;
CREATE INDEX listing_search_idx ON listing USING gin (search) WHERE status = 'published' AND hidden_at IS NULL;
DROP INDEX listing_language_idx;
CREATE INDEX listing_language_idx ON listing USING gin (language_edges) WHERE status = 'published' AND hidden_at IS NULL;
-- Radius: the box narrows, distance_km decides; the included columns answer a search's first 1,001 hits (and
-- their categories and age) from the index alone.
DROP INDEX listing_location_idx;
CREATE INDEX listing_location_idx ON listing USING gist (location)
    INCLUDE (id, category, kind, association_id, valid_until, terms, size, published_at)
    WHERE status = 'published' AND hidden_at IS NULL;

-- Searches leave out the listings of suspended associations; they are few, and found through this index
-- instead of reading every association.
CREATE INDEX association_suspended_idx ON association (id) WHERE verification_status = 'suspended';

-- The search's categoryCounts without a filter beyond kind and category: published listings that reports did
-- not hide, per kind and category, kept by the writes. One counter row per (kind, category) would serialise
-- every transaction that publishes, pauses or closes a listing of that kind and category on its row lock, so
-- each statement that changes the counts adds a row of differences instead (no two writers ever touch the same
-- row), the search sums them, and a background job (ListingCountService) folds them into one row per kind and
-- category now and then. The search subtracts, when it reads, the published listings whose validUntil passed
-- before the expiry job marked them, and those of suspended associations: both are few.
CREATE TABLE listing_facet_count (
    kind     text    NOT NULL,
    category text    NOT NULL,
    n        integer NOT NULL
);

CREATE FUNCTION listing_facet_count_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO listing_facet_count (kind, category, n)
        SELECT kind, category, count(*) FROM new_rows WHERE status = 'published' AND hidden_at IS NULL GROUP BY kind, category;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO listing_facet_count (kind, category, n)
        SELECT kind, category, -count(*) FROM old_rows WHERE status = 'published' AND hidden_at IS NULL GROUP BY kind, category;
    ELSE
        INSERT INTO listing_facet_count (kind, category, n)
        SELECT kind, category, sum(n) FROM (
            SELECT kind, category, 1 AS n FROM new_rows WHERE status = 'published' AND hidden_at IS NULL
            UNION ALL
            SELECT kind, category, -1 FROM old_rows WHERE status = 'published' AND hidden_at IS NULL) d
         GROUP BY kind, category
        HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END $$;

-- A trigger with transition tables serves one event only.
CREATE TRIGGER listing_facet_count_insert AFTER INSERT ON listing
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_facet_count_changed();
CREATE TRIGGER listing_facet_count_update AFTER UPDATE ON listing
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_facet_count_changed();
CREATE TRIGGER listing_facet_count_delete AFTER DELETE ON listing
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_facet_count_changed();

INSERT INTO listing_facet_count (kind, category, n)
SELECT kind, category, count(*) FROM listing WHERE status = 'published' AND hidden_at IS NULL GROUP BY kind, category;
