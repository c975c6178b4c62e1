-- EXPLAIN (ANALYZE, BUFFERS) of the listing search, one filter at a time, with the statements exactly as
-- ListingSearch assembles them (a page, then the per-category counts without the category filter) and
-- values as parameters of prepared statements, as Npgsql sends them. Run after listings-load.sql.
\set ON_ERROR_STOP on
\pset pager off

-- ListingStore.Columns and ListingStore.CallerJoin; an anonymous caller ($1–$5).
\set columns 'l.id, l.association_id, a.name AS association_name, a.verification_status AS association_status, l.kind, l.category, l.title, l.description, l.content_language, l.details::text AS details, l.postal_code, l.city, l.latitude, l.longitude, CASE WHEN p.may THEN l.street_address END AS street_address, l.service_radius_km, l.max_distance_km, l.remote_ok, l.schedule::text AS schedule, l.recurring, l.terms, l.cost_eur, l.exchange_for, l.max_budget_eur, l.valid_until, l.status, l.close_reason, l.created_at, l.updated_at, l.published_at, l.version, p.owner AS owned'
\set from_caller 'FROM listing l JOIN association a ON a.id = l.association_id CROSS JOIN LATERAL (SELECT caller_may(l.association_id, $1, $2, $3, $4, $5) AS may, caller_may(l.association_id, $1, $2, $3, $4, false) AS owner) p'
\set anonymous 'NULL, ''{owner,coordinator,member}'', NULL, false, false'
\set caller_types 'uuid, text[], uuid, boolean, boolean'
\set from_count 'FROM listing l JOIN association a ON a.id = l.association_id'
\set visible 'l.status = ''published'' AND a.verification_status <> ''suspended'' AND l.valid_until > now()'
\set newest 'NULL::double precision AS distance_km, NULL::real AS rank'

-- Search circles as the endpoint builds them: 25 km around a gazetteer place, and its bounding box.
SELECT latitude AS ffm_lat, longitude AS ffm_lon, 25 AS ffm_radius,
       latitude - 25 / 111.045 AS ffm_min_lat, latitude + 25 / 111.045 AS ffm_max_lat,
       longitude - 25 / (111.045 * cos(radians(latitude))) AS ffm_min_lon, longitude + 25 / (111.045 * cos(radians(latitude))) AS ffm_max_lon
  FROM place WHERE name = 'Frankfurt am Main' \gset
SELECT latitude AS ks_lat, longitude AS ks_lon, 25 AS ks_radius,
       latitude - 25 / 111.045 AS ks_min_lat, latitude + 25 / 111.045 AS ks_max_lat,
       longitude - 25 / (111.045 * cos(radians(latitude))) AS ks_min_lon, longitude + 25 / (111.045 * cos(radians(latitude))) AS ks_max_lon
  FROM place WHERE name = 'Kassel' \gset
-- A Saturday afternoon three weeks ahead; the verified association with the most published listings.
SELECT date_trunc('day', now()) + interval '20 days 10 hours' AS free_from, date_trunc('day', now()) + interval '20 days 18 hours' AS free_to \gset
SELECT l.association_id AS association
  FROM listing l JOIN association a ON a.id = l.association_id
 WHERE a.verification_status = 'verified' AND l.status = 'published'
 GROUP BY l.association_id ORDER BY count(*) DESC, l.association_id LIMIT 1 \gset

\echo '========== category + kind, newest first (?category=room&kind=offer)'
PREPARE browse(:caller_types, text, int, text) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND l.kind = $6 AND l.category = $8 ORDER BY l.published_at DESC, l.id DESC LIMIT $7;
PREPARE browse_counts(text) AS
SELECT l.category, count(*)::int AS count :from_count WHERE :visible AND l.kind = $1 GROUP BY l.category;
\set name browse
\set args '(' :anonymous ', ''offer'', 21, ''room'')'
\ir explain-prepared.sql
\set name browse_counts
\set args '(''offer'')'
\ir explain-prepared.sql

\echo '========== the next page of it (cursor: keyset after the 21st hit)'
SELECT l.published_at AS after_published_at, l.id AS after_id
  FROM listing l JOIN association a ON a.id = l.association_id
 WHERE l.status = 'published' AND a.verification_status <> 'suspended' AND l.valid_until > now() AND l.kind = 'offer' AND l.category = 'room'
 ORDER BY l.published_at DESC, l.id DESC OFFSET 20 LIMIT 1 \gset
PREPARE browse_next(:caller_types, text, int, text, timestamptz, uuid) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND l.kind = $6 AND l.category = $8 AND (l.published_at, l.id) < ($9, $10)
 ORDER BY l.published_at DESC, l.id DESC LIMIT $7;
\set name browse_next
\set args '(' :anonymous ', ''offer'', 21, ''room'', ''' :after_published_at ''', ''' :after_id ''')'
\ir explain-prepared.sql

\echo '========== no filter: newest first, and the counts of every category'
PREPARE everything(:caller_types, int) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE everything_counts AS
SELECT l.category, count(*)::int AS count :from_count WHERE :visible GROUP BY l.category;
\set name everything
\set args '(' :anonymous ', 21)'
\ir explain-prepared.sql
\set name everything_counts
\set args ''
\ir explain-prepared.sql

\echo '========== full text, newest first (?q=Dolmetschen Tigrinya)'
PREPARE text_search(:caller_types, int, text) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND l.search @@ (SELECT websearch_to_tsquery('german_unaccent', $7)) ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE text_search_counts(text) AS
SELECT l.category, count(*)::int AS count :from_count
 WHERE :visible AND l.search @@ (SELECT websearch_to_tsquery('german_unaccent', $1)) GROUP BY l.category;
\set name text_search
\set args '(' :anonymous ', 21, ''Dolmetschen Tigrinya'')'
\ir explain-prepared.sql
\set name text_search_counts
\set args '(''Dolmetschen Tigrinya'')'
\ir explain-prepared.sql

\echo '========== full text by relevance (?q=Saal mit Bühne&sort=relevance)'
PREPARE relevance(:caller_types, int, text) AS
SELECT :columns, l.id AS hit_id, NULL::double precision AS distance_km,
       ts_rank(l.search, (SELECT websearch_to_tsquery('german_unaccent', $7)))::real AS rank :from_caller
 WHERE :visible AND l.search @@ (SELECT websearch_to_tsquery('german_unaccent', $7)) ORDER BY rank DESC, l.id DESC LIMIT $6;
PREPARE relevance_counts(text) AS
SELECT l.category, count(*)::int AS count :from_count
 WHERE :visible AND l.search @@ (SELECT websearch_to_tsquery('german_unaccent', $1)) GROUP BY l.category;
\set name relevance
\set args '(' :anonymous ', 21, ''Saal mit Bühne'')'
\ir explain-prepared.sql
\set name relevance_counts
\set args '(''Saal mit Bühne'')'
\ir explain-prepared.sql

\echo '========== within 25 km of Frankfurt am Main, newest first (?near=Frankfurt am Main)'
PREPARE near(:caller_types, int, double precision, double precision, double precision, double precision, double precision, double precision, double precision) AS
SELECT :columns, l.id AS hit_id, distance_km(l.location, point($8, $7)) AS distance_km, NULL::real AS rank :from_caller
 WHERE :visible AND l.location <@ box(point($10, $11), point($12, $13)) AND distance_km(l.location, point($8, $7)) <= $9
 ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE near_counts(double precision, double precision, double precision, double precision, double precision, double precision, double precision) AS
SELECT l.category, count(*)::int AS count :from_count
 WHERE :visible AND l.location <@ box(point($4, $5), point($6, $7)) AND distance_km(l.location, point($2, $1)) <= $3 GROUP BY l.category;
\set name near
\set args '(' :anonymous ', 21, ' :ffm_lat ', ' :ffm_lon ', ' :ffm_radius ', ' :ffm_min_lon ', ' :ffm_min_lat ', ' :ffm_max_lon ', ' :ffm_max_lat ')'
\ir explain-prepared.sql
\set name near_counts
\set args '(' :ffm_lat ', ' :ffm_lon ', ' :ffm_radius ', ' :ffm_min_lon ', ' :ffm_min_lat ', ' :ffm_max_lon ', ' :ffm_max_lat ')'
\ir explain-prepared.sql

\echo '========== within 25 km of Kassel, nearest first (?near=Kassel&sort=distance)'
PREPARE nearest(:caller_types, int, double precision, double precision, double precision, double precision, double precision, double precision, double precision) AS
SELECT :columns, l.id AS hit_id, distance_km(l.location, point($8, $7)) AS distance_km, NULL::real AS rank :from_caller
 WHERE :visible AND l.location <@ box(point($10, $11), point($12, $13)) AND distance_km(l.location, point($8, $7)) <= $9
 ORDER BY distance_km ASC, l.id ASC LIMIT $6;
\set name nearest
\set args '(' :anonymous ', 21, ' :ks_lat ', ' :ks_lon ', ' :ks_radius ', ' :ks_min_lon ', ' :ks_min_lat ', ' :ks_max_lon ', ' :ks_max_lat ')'
\ir explain-prepared.sql
\set name near_counts
\set args '(' :ks_lat ', ' :ks_lon ', ' :ks_radius ', ' :ks_min_lon ', ' :ks_min_lat ', ' :ks_max_lon ', ' :ks_max_lat ')'
\ir explain-prepared.sql

\echo '========== free for a whole range, newest first (?freeFrom=…&freeTo=…, eight hours)'
PREPARE free_in(:caller_types, int, timestamptz, timestamptz) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND EXISTS (SELECT 1 FROM listing_window w WHERE w.listing_id = l.id AND w.during @> tstzrange($7, $8, '[)'))
 ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE free_in_counts(timestamptz, timestamptz) AS
SELECT l.category, count(*)::int AS count :from_count
 WHERE :visible AND EXISTS (SELECT 1 FROM listing_window w WHERE w.listing_id = l.id AND w.during @> tstzrange($1, $2, '[)'))
 GROUP BY l.category;
\set name free_in
\set args '(' :anonymous ', 21, ''' :free_from ''', ''' :free_to ''')'
\ir explain-prepared.sql
\set name free_in_counts
\set args '(''' :free_from ''', ''' :free_to ''')'
\ir explain-prepared.sql

\echo '========== language pair in both directions (?language=de-ti)'
PREPARE language(:caller_types, int, text[]) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND l.language_edges @> $7 ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE language_counts(text[]) AS
SELECT l.category, count(*)::int AS count :from_count WHERE :visible AND l.language_edges @> $1 GROUP BY l.category;
\set name language
\set args '(' :anonymous ', 21, ''{de>ti,ti>de}'')'
\ir explain-prepared.sql
\set name language_counts
\set args '(''{de>ti,ti>de}'')'
\ir explain-prepared.sql

\echo '========== rooms for at least 100 people (?category=room&minCapacity=100)'
PREPARE capacity(:caller_types, int, int, text) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND l.size >= $7 AND l.category = $8 ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE capacity_counts(int) AS
SELECT l.category, count(*)::int AS count :from_count WHERE :visible AND l.size >= $1 GROUP BY l.category;
\set name capacity
\set args '(' :anonymous ', 21, 100, ''room'')'
\ir explain-prepared.sql
\set name capacity_counts
\set args '(100)'
\ir explain-prepared.sql

\echo '========== free of charge (?freeOnly=true)'
PREPARE free_only(:caller_types, int) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND l.terms = 'free' ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE free_only_counts AS
SELECT l.category, count(*)::int AS count :from_count WHERE :visible AND l.terms = 'free' GROUP BY l.category;
\set name free_only
\set args '(' :anonymous ', 21)'
\ir explain-prepared.sql
\set name free_only_counts
\set args ''
\ir explain-prepared.sql

\echo '========== verified associations only (?verifiedOnly=true)'
PREPARE verified(:caller_types, int) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND a.verification_status = 'verified' ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE verified_counts AS
SELECT l.category, count(*)::int AS count :from_count WHERE :visible AND a.verification_status = 'verified' GROUP BY l.category;
\set name verified
\set args '(' :anonymous ', 21)'
\ir explain-prepared.sql
\set name verified_counts
\set args ''
\ir explain-prepared.sql

\echo '========== one association (?associationId=…)'
PREPARE one_association(:caller_types, int, uuid) AS
SELECT :columns, l.id AS hit_id, :newest :from_caller
 WHERE :visible AND l.association_id = $7 ORDER BY l.published_at DESC, l.id DESC LIMIT $6;
PREPARE one_association_counts(uuid) AS
SELECT l.category, count(*)::int AS count :from_count WHERE :visible AND l.association_id = $1 GROUP BY l.category;
\set name one_association
\set args '(' :anonymous ', 21, ''' :association ''')'
\ir explain-prepared.sql
\set name one_association_counts
\set args '(''' :association ''')'
\ir explain-prepared.sql
