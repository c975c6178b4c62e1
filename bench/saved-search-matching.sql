-- What matching newly published listings against saved searches costs, on the benchmark's data at half of S1:
-- 1,000 members with 10 saved searches each (half of them with a kind, 70 % with a category, 30 % with a text,
-- 50 % with a place in Hesse and 25 km, 10 % with a minimum capacity), then the conditions of the matcher's
-- statement (SavedSearchMatcher.MatchQueuedAsync) alone and the whole statement for a batch of 100 newly
-- published listings, and publishing 1,000 listings one statement each, with and without the trigger that
-- queues them.
\set ON_ERROR_STOP on
SELECT setseed(0.35) \g /dev/null

INSERT INTO app_user (id, email, display_name, preferred_language, password_hash)
SELECT gen_random_uuid(), 'bench-' || n || '@bench.invalid', 'Mitglied ' || n, 'de', 'x' FROM generate_series(1, 1000) n;
INSERT INTO membership (association_id, user_id, role)
SELECT a.id, u.id, 'member'
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM app_user WHERE email LIKE 'bench-%') u
  JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM association) a ON a.n = u.n;

INSERT INTO saved_search (id, association_id, user_id, name, filters, kind, category, query_text, latitude, longitude, radius_km,
                          min_capacity, free_only, verified_only, channel, rhythm, next_due_at, created_at)
SELECT gen_random_uuid(), m.association_id, m.user_id, 'Suche ' || s, '{}',
       CASE WHEN random() < 0.5 THEN (ARRAY['offer', 'request'])[1 + floor(random() * 2)::int] END,
       CASE WHEN random() < 0.7 THEN (ARRAY['room', 'interpreting', 'equipment', 'vehicle', 'expertise', 'other'])[1 + floor(random() * 6)::int] END,
       CASE WHEN random() < 0.3 THEN (ARRAY['Saal', 'Beamer', 'Tigrinya', 'Bus', 'Küche', 'Dolmetschen', 'Raum', 'Zelt'])[1 + floor(random() * 8)::int] END,
       g.lat, g.lon, CASE WHEN g.lat IS NOT NULL THEN 25 END,
       CASE WHEN random() < 0.1 THEN 20 END, random() < 0.1, random() < 0.1,
       'email', (ARRAY['immediately', 'daily', 'weekly'])[1 + floor(random() * 3)::int], now() + interval '1 day', now() - interval '1 day'
  FROM membership m
  JOIN app_user u ON u.id = m.user_id AND u.email LIKE 'bench-%'
 CROSS JOIN generate_series(1, 10) s
 CROSS JOIN LATERAL (SELECT 49.4 + random() * 2.2 AS lat, 7.8 + random() * 2.4 AS lon, random() < 0.5 AS placed
                      WHERE s > 0) g0
 CROSS JOIN LATERAL (SELECT CASE WHEN g0.placed THEN g0.lat END AS lat, CASE WHEN g0.placed THEN g0.lon END AS lon) g;
ANALYZE saved_search;
SELECT count(*) AS saved_searches, count(query_text) AS with_text, count(latitude) AS with_place FROM saved_search;

-- The 100 newest published listings, as if they had just been published.
INSERT INTO saved_search_pending (listing_id)
SELECT id FROM listing WHERE status = 'published' ORDER BY published_at DESC LIMIT 100;

\echo '### the conditions alone: 100 listings against every saved search'
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)
SELECT count(*)
  FROM saved_search_pending c
  JOIN listing l ON l.id = c.listing_id
  JOIN saved_search s ON s.created_at < c.published_at
                     AND (s.kind IS NULL OR s.kind = l.kind)
                     AND (s.category IS NULL OR s.category = l.category)
 WHERE l.status = 'published' AND l.hidden_at IS NULL AND l.valid_until > now()
   AND (s.query_text IS NULL OR l.search @@ websearch_to_tsquery('german_unaccent', s.query_text))
   AND (s.latitude IS NULL OR distance_km(l.location, point(s.longitude, s.latitude)) <= s.radius_km)
   AND (s.min_capacity IS NULL OR l.size >= s.min_capacity)
   AND (NOT s.free_only OR l.terms = 'free')
   AND EXISTS (SELECT 1 FROM membership m WHERE m.association_id = s.association_id AND m.user_id = s.user_id);

\echo '### match 100 listings against the saved searches and record the hits'
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)
WITH claimed AS (
    DELETE FROM saved_search_pending p
     WHERE p.listing_id IN (SELECT listing_id FROM saved_search_pending
                             ORDER BY published_at, listing_id
                             LIMIT 100
                               FOR UPDATE SKIP LOCKED)
    RETURNING p.listing_id, p.published_at
), found AS (
    INSERT INTO saved_search_hit (saved_search_id, listing_id)
    SELECT s.id, l.id
      FROM claimed c
      JOIN listing l ON l.id = c.listing_id
      JOIN saved_search s ON s.created_at < c.published_at
                         AND (s.kind IS NULL OR s.kind = l.kind)
                         AND (s.category IS NULL OR s.category = l.category)
     WHERE l.status = 'published' AND l.hidden_at IS NULL AND l.valid_until > now()
       AND l.association_id NOT IN (SELECT id FROM association WHERE verification_status = 'suspended')
       AND (s.query_text IS NULL OR l.search @@ websearch_to_tsquery('german_unaccent', s.query_text))
       AND (s.latitude IS NULL OR distance_km(l.location, point(s.longitude, s.latitude)) <= s.radius_km)
       AND (s.free_from IS NULL
            OR (EXISTS (SELECT 1 FROM listing_window w
                         WHERE w.listing_id = l.id AND w.during @> tstzrange(s.free_from, s.free_to, '[)'))
                AND offer_free_units(l.id, coalesce((l.details ->> 'quantity')::int, 1), tstzrange(s.free_from, s.free_to, '[)')) >= 1))
       AND (s.language_edges IS NULL OR l.language_edges @> s.language_edges)
       AND (s.min_capacity IS NULL OR l.size >= s.min_capacity)
       AND (NOT s.free_only OR l.terms = 'free')
       AND (NOT s.verified_only OR l.association_id IN (SELECT id FROM association WHERE verification_status = 'verified'))
       AND (s.listing_association_id IS NULL OR l.association_id = s.listing_association_id)
       AND EXISTS (SELECT 1 FROM membership m WHERE m.association_id = s.association_id AND m.user_id = s.user_id)
    ON CONFLICT DO NOTHING
    RETURNING saved_search_id
)
SELECT (SELECT count(*) FROM claimed) AS listings, (SELECT count(*) FROM found) AS hits;
ROLLBACK;
DELETE FROM saved_search_pending;

CREATE TEMP TABLE bench_publish AS SELECT id FROM listing WHERE status = 'published' ORDER BY id LIMIT 1000;
CREATE PROCEDURE pg_temp.publish_each() LANGUAGE plpgsql AS $$
DECLARE
    listing_id uuid;
BEGIN
    FOR listing_id IN SELECT id FROM bench_publish LOOP
        UPDATE listing SET status = 'published' WHERE id = listing_id;
    END LOOP;
END $$;

UPDATE listing SET status = 'paused' WHERE id IN (SELECT id FROM bench_publish);
\echo '### publish 1,000 listings, one statement each, with the queueing trigger'
\timing on
CALL pg_temp.publish_each();
\timing off
SELECT count(*) AS queued FROM saved_search_pending;
DELETE FROM saved_search_pending;

UPDATE listing SET status = 'paused' WHERE id IN (SELECT id FROM bench_publish);
ALTER TABLE listing DISABLE TRIGGER saved_search_enqueue_update;
\echo '### publish 1,000 listings, one statement each, without it'
\timing on
CALL pg_temp.publish_each();
\timing off
ALTER TABLE listing ENABLE TRIGGER saved_search_enqueue_update;
