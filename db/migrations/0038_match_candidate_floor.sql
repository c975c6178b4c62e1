-- A listing keeps its best match candidates, not all of them (README "Matching"): pairs grow with the square of
-- the listings in an area. A listing with more candidates than it keeps has a floor: the listing points
-- (MatchScorer.ListingPoints) of the last it kept when its candidates were computed. A pair is kept when it
-- reaches the floor of either side; a listing without a floor keeps every pair.
CREATE TABLE match_candidate_floor (
    listing_id uuid     PRIMARY KEY,
    points     smallint NOT NULL
);

-- A listing leaving the candidates takes its floor with it.
CREATE OR REPLACE FUNCTION match_candidates_leave(ids uuid[], categories text[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('match_candidate:' || c.category, 0))
       FROM (SELECT DISTINCT category FROM unnest(categories) AS u(category) ORDER BY category) c;
    DELETE FROM match_candidate WHERE request_id = ANY(ids);
    DELETE FROM match_candidate WHERE offer_id = ANY(ids);
    DELETE FROM match_candidate_floor WHERE listing_id = ANY(ids);
    DELETE FROM match_candidate_stale WHERE listing_id = ANY(ids);
END $$;

-- Every published listing is computed again, so that those with more candidates than they keep get their floor.
INSERT INTO match_candidate_stale (listing_id, category)
SELECT id, category FROM listing WHERE status = 'published'
    ON CONFLICT (listing_id) DO UPDATE SET queued_at = excluded.queued_at;
