-- A synthetic load for looking at the listing search's plans: 2,000 associations (10 % verified, 1 %
-- suspended) and 100,000 listings with three time windows each, placed on real German places weighted by
-- population (Hesse, where most of the associations are, counts four times). A fixed seed makes the same
-- choices on every run; only the ids and the dates, which are relative to now, differ. Expects the
-- migrations (and with them the place gazetteer) to be applied.
\set ON_ERROR_STOP on
SELECT setseed(0.2026) \g /dev/null

-- Places with a cumulative weight, so that a uniform random number picks one in proportion to its weight.
CREATE TEMP TABLE bench_place AS
SELECT name, latitude, longitude,
       sum(population * CASE WHEN state = 'Hessen' THEN 4 ELSE 1 END::bigint) OVER (ORDER BY geonames_id) AS upto
  FROM place;
CREATE INDEX ON bench_place (upto);
SELECT max(upto) AS place_weight FROM bench_place \gset

CREATE FUNCTION pg_temp.pick(options text[], skew double precision DEFAULT 1) RETURNS text
    LANGUAGE sql VOLATILE
    RETURN options[1 + floor(power(random(), skew) * cardinality(options))::int];

CREATE TEMP TABLE bench_language (code, name) AS
VALUES ('de', 'Deutsch'), ('ar', 'Arabisch'), ('tr', 'Türkisch'), ('uk', 'Ukrainisch'), ('ru', 'Russisch'), ('fa', 'Persisch'),
       ('prs', 'Dari'), ('ti', 'Tigrinya'), ('ku', 'Kurdisch'), ('so', 'Somali'), ('ps', 'Paschtu'), ('en', 'Englisch'),
       ('fr', 'Französisch'), ('pl', 'Polnisch'), ('ro', 'Rumänisch'), ('sq', 'Albanisch'), ('am', 'Amharisch'), ('ur', 'Urdu'),
       ('ta', 'Tamil'), ('el', 'Griechisch');

CREATE TEMP TABLE bench_association AS
SELECT n, gen_random_uuid() AS id,
       pg_temp.pick('{Eritreischer,Afghanischer,Ukrainischer,Türkischer,Kurdischer,Syrischer,Somalischer,Polnischer,Griechischer,Tamilischer}')
           || ' ' || pg_temp.pick('{Kulturverein,Frauenverein,Elternverein,Jugendverein,Begegnungsverein,Förderverein,Sportverein}')
           || ' ' || p.name AS name,
       p.name AS city,
       CASE WHEN n % 100 = 7 THEN 'suspended' WHEN n % 10 = 0 THEN 'verified' ELSE 'unverified' END AS verification_status
  FROM (SELECT n, floor(random() * :place_weight)::bigint AS weight FROM generate_series(1, 2000) AS n) AS g
 CROSS JOIN LATERAL (SELECT name FROM bench_place WHERE upto >= g.weight ORDER BY upto LIMIT 1) AS p;

INSERT INTO association (id, name, legal_form, postal_code, city, description, languages, verification_status)
SELECT id, name, 'e.V.', lpad((1000 + n * 37 % 98000)::text, 5, '0'), city,
       'Begegnung, Beratung und Kultur für Familien in ' || city || '. Wir teilen Räume, Geräte und Sprachkenntnisse.',
       '{de}', verification_status
  FROM bench_association;

-- One row per listing with every random choice made once, so that later columns can depend on earlier ones.
CREATE TEMP TABLE bench_listing AS
SELECT r.n, gen_random_uuid() AS id, a.id AS association_id,
       CASE WHEN r.c < 0.40 THEN 'room' WHEN r.c < 0.70 THEN 'interpreting' WHEN r.c < 0.775 THEN 'equipment'
            WHEN r.c < 0.85 THEN 'vehicle' WHEN r.c < 0.925 THEN 'expertise' ELSE 'other' END AS category,
       CASE WHEN random() < 0.65 THEN 'offer' ELSE 'request' END AS kind,
       CASE WHEN r.s < 0.85 THEN 'published' WHEN r.s < 0.89 THEN 'draft' WHEN r.s < 0.92 THEN 'pending_review'
            WHEN r.s < 0.95 THEN 'paused' WHEN r.s < 0.98 THEN 'closed' ELSE 'expired' END AS status,
       CASE WHEN r.t < 0.50 THEN 'free' WHEN r.t < 0.85 THEN 'cost_sharing' ELSE 'exchange' END AS terms,
       p.name AS city, p.latitude + (random() - 0.5) * 0.04 AS latitude, p.longitude + (random() - 0.5) * 0.06 AS longitude,
       r.language_a, CASE WHEN r.language_b = r.language_a THEN 'de' ELSE r.language_b END AS language_b,
       now() - random() * interval '365 days' AS published_at
  FROM (SELECT n, random() AS c, random() AS s, random() AS t, 1 + floor(random() * 2000)::int AS a, floor(random() * :place_weight)::bigint AS weight,
               pg_temp.pick('{ar,tr,uk,ru,fa,prs,ti,ku,so,ps,en,fr,pl,ro,sq,am,ur,ta,el}', 1.6) AS language_a,
               pg_temp.pick('{de,de,de,de,de,de,en,fr}') AS language_b
          FROM generate_series(1, 100000) AS n) AS r
  JOIN bench_association a ON a.n = r.a
 CROSS JOIN LATERAL (SELECT name, latitude, longitude FROM bench_place WHERE upto >= r.weight ORDER BY upto LIMIT 1) AS p;

-- Three windows per listing, one in each 60-day block of the next half year: offers mostly long
-- availability (half a day to two weeks), requests a few hours.
CREATE TEMP TABLE bench_window AS
SELECT l.n, l.id, k AS slot, tstzrange(s.starts, s.starts + s.length, '[)') AS during
  FROM bench_listing l
 CROSS JOIN generate_series(0, 2) AS k
 CROSS JOIN LATERAL (SELECT date_trunc('day', now()) + (k * 60 + floor(random() * 46)) * interval '1 day'
                              + (8 + floor(random() * 4)) * interval '1 hour' AS starts,
                            CASE WHEN l.kind = 'offer' AND random() < 0.6 THEN (0.5 + random() * 13.5) * interval '1 day'
                                 ELSE (2 + floor(random() * 6)) * interval '1 hour' END AS length) AS s;

INSERT INTO listing (id, association_id, kind, category, title, description, content_language, details,
                     postal_code, city, latitude, longitude, service_radius_km, max_distance_km, remote_ok, schedule,
                     terms, cost_eur, exchange_for, valid_until, status, close_reason, created_at, updated_at, published_at)
SELECT l.id, l.association_id, l.kind, l.category,
       CASE l.kind WHEN 'request' THEN 'Gesucht: ' ELSE '' END || t.title || ' in ' || l.city,
       t.title || '. ' || pg_temp.pick('{"Gut erreichbar mit Bus und Straßenbahn.","Barrierefreier Zugang über den Hof.","Für gemeinnützige Vereine gedacht.","Schlüsselübergabe nach Absprache.","Wir freuen uns über Rückmeldungen."}')
           || ' ' || pg_temp.pick('{"Bitte frühzeitig anfragen, am Wochenende ist die Nachfrage groß.","Tee und Kaffee dürfen gern mitgebracht werden.","Die Übergabe erfolgt persönlich, gern auch abends.","Geeignet für Frauengruppen, Elterncafés und Sprachkurse.","Für Familien mit Kindern, auch kurzfristig möglich."}')
           || ' ' || pg_temp.pick('{"Fragen beantworten wir auf Deutsch, Englisch und Türkisch.","Unser Verein ist seit vielen Jahren im Viertel aktiv.","Die Nutzung ist an Auflagen des Vermieters gebunden.","Wir möchten Begegnung zwischen Nachbarn fördern.","Gemeinsam schaffen wir mehr – sprechen Sie uns an."}'),
       'de', d.details, lpad((1000 + l.n * 53 % 98000)::text, 5, '0'), l.city, l.latitude, l.longitude,
       CASE l.kind WHEN 'offer' THEN floor(random() * 50) END, CASE l.kind WHEN 'request' THEN floor(random() * 50) END,
       l.category = 'interpreting' AND random() < 0.3,
       w.schedule,
       l.terms, CASE l.terms WHEN 'cost_sharing' THEN 5 + floor(random() * 195) END,
       CASE l.terms WHEN 'exchange' THEN 'Hilfe beim nächsten Straßenfest' END,
       CASE l.status WHEN 'expired' THEN now() - random() * interval '60 days' ELSE now() + (30 + random() * 335) * interval '1 day' END,
       l.status, CASE l.status WHEN 'closed' THEN 'fulfilled' END,
       l.published_at - interval '2 days', l.published_at,
       CASE WHEN l.status IN ('published', 'paused', 'closed', 'expired') THEN l.published_at END
  FROM bench_listing l
  JOIN (SELECT n, jsonb_build_object('windows', jsonb_agg(jsonb_build_object('start', lower(during), 'end', upper(during)) ORDER BY slot)) AS schedule
          FROM bench_window GROUP BY n) AS w ON w.n = l.n
  JOIN bench_language la ON la.code = l.language_a
  JOIN bench_language lb ON lb.code = l.language_b
 CROSS JOIN LATERAL (SELECT CASE l.category
           WHEN 'room' THEN pg_temp.pick('{Gemeinschaftsraum für Veranstaltungen,Großer Saal mit Bühne,Büroraum für Beratungsgespräche,Übungsraum für Musik und Tanz,Vereinsküche für gemeinsames Kochen,Seminarraum für Sprachkurse}')
           WHEN 'interpreting' THEN 'Dolmetschen ' || la.name || '–' || lb.name || ' für Behördengänge und Elternabende'
           WHEN 'equipment' THEN pg_temp.pick('{Beamer und Leinwand,Biertischgarnituren,Lautsprecheranlage für Feste,Nähmaschinen für Workshops,Zelte für Straßenfeste}')
           WHEN 'vehicle' THEN pg_temp.pick('{Kleinbus mit neun Sitzen,Transporter für Umzüge,Lastenrad für Einkäufe}')
           WHEN 'expertise' THEN pg_temp.pick('{Beratung zu Fördermitteln,Hilfe bei der Vereinsgründung,Buchhaltung für Vereine,Öffentlichkeitsarbeit und Pressearbeit}')
           ELSE pg_temp.pick('{Kinderbetreuung bei Veranstaltungen,Mitfahrgelegenheit zu Behörden,Begleitung zu Arztterminen}')
       END AS title) AS t
 CROSS JOIN LATERAL (SELECT CASE
           WHEN l.category = 'room' AND l.kind = 'offer' THEN jsonb_build_object(
               'capacity', 10 + floor(power(random(), 2) * 290)::int, 'areaM2', 20 + floor(random() * 280)::int,
               'features', jsonb_build_array(pg_temp.pick('{wheelchair_accessible,kitchen,projector,wifi,childcare_corner,prayer_room}')))
           WHEN l.category = 'room' THEN jsonb_build_object('attendees', 5 + floor(power(random(), 2) * 195)::int)
           WHEN l.category = 'interpreting' THEN jsonb_build_object(
               'languagePairs', jsonb_build_array(jsonb_build_object('from', l.language_a, 'to', l.language_b, 'oneWay', random() < 0.1)),
               'modes', jsonb_build_array(pg_temp.pick('{consecutive,simultaneous,written_translation}')))
           WHEN l.category = 'equipment' THEN jsonb_build_object('itemType', 'beamer', 'quantity', 1 + floor(random() * 20)::int)
           WHEN l.category = 'vehicle' THEN jsonb_build_object('seats', 2 + floor(random() * 8)::int)
           WHEN l.category = 'expertise' THEN jsonb_build_object('topics', '["Fördermittel", "Vereinsrecht"]'::jsonb)
           ELSE jsonb_build_object('text', 'Nach Absprache')
       END AS details) AS d;

INSERT INTO listing_window (listing_id, slot, during)
SELECT id, slot, during FROM bench_window;

VACUUM ANALYZE association;
VACUUM ANALYZE listing;
VACUUM ANALYZE listing_window;

SELECT category, count(*) AS listings, count(*) FILTER (WHERE status = 'published') AS published
  FROM listing GROUP BY category ORDER BY listings DESC;
