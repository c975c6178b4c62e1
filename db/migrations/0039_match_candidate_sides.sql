-- Which side keeps a pair (README "Matching"): a listing's matches are the pairs it keeps itself, its best, and
-- not those stored only because it is among the best of the other side, which for a listing many others rank
-- high would be thousands.
ALTER TABLE match_candidate
    ADD COLUMN for_request boolean NOT NULL DEFAULT true,
    ADD COLUMN for_offer   boolean NOT NULL DEFAULT true;
ALTER TABLE match_candidate
    ALTER COLUMN for_request DROP DEFAULT,
    ALTER COLUMN for_offer DROP DEFAULT;

-- Every published listing is computed again, so that its pairs say which side keeps them.
INSERT INTO match_candidate_stale (listing_id, category)
SELECT id, category FROM listing WHERE status = 'published'
    ON CONFLICT (listing_id) DO UPDATE SET queued_at = excluded.queued_at;
