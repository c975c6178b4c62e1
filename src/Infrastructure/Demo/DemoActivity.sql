-- What the demo network does: eight listings for each demo association (rooms, interpreting with the
-- network's languages paired with German, equipment, vehicles, know-how and other help; every fifth in
-- English), proposals, accepted matches with bookings, completed ones with feedback, declined ones,
-- messages, notifications and open reports. Every row has a fixed id derived from its number, so a second
-- load inserts nothing; dates are relative to the day of the first load (UTC).
-- Parameter: @Associations, the demo associations' ids in a fixed order. Runs in the seeding transaction.

CREATE TEMP TABLE demo_association ON COMMIT DROP AS
SELECT a.id, a.name, a.postal_code, a.city, a.verification_status, (o.n - 1)::int AS i,
       coalesce(p.latitude, 50.11552) AS latitude, coalesce(p.longitude, 8.68417) AS longitude,
       (SELECT m.user_id FROM membership m WHERE m.association_id = a.id AND m.role = 'owner' ORDER BY m.user_id LIMIT 1) AS owner_id
  FROM unnest(@Associations::uuid[]) WITH ORDINALITY AS o(id, n)
  JOIN association a ON a.id = o.id
  -- The gazetteer's name may be shorter or longer than the town's ("Offenbach" for Offenbach am Main, "Marburg an
  -- der Lahn" for Marburg).
  LEFT JOIN LATERAL (SELECT latitude, longitude FROM place
                      WHERE state = 'Hessen' AND (name = a.city OR name LIKE a.city || ' %' OR a.city LIKE name || ' %')
                      ORDER BY name = a.city DESC, population DESC LIMIT 1) p ON true;

CREATE TEMP TABLE demo_language (k, code, de, en) ON COMMIT DROP AS
VALUES (0, 'ar', 'Arabisch', 'Arabic'), (1, 'ti', 'Tigrinya', 'Tigrinya'), (2, 'prs', 'Dari', 'Dari'), (3, 'fa', 'Farsi', 'Farsi'),
       (4, 'tr', 'Türkisch', 'Turkish'), (5, 'ku', 'Kurdisch', 'Kurdish'), (6, 'uk', 'Ukrainisch', 'Ukrainian'),
       (7, 'ru', 'Russisch', 'Russian'), (8, 'so', 'Somali', 'Somali'), (9, 'en', 'Englisch', 'English'), (10, 'fr', 'Französisch', 'French');

-- One row per listing with its choices: slot 0 room offer, 1 and 4 interpreting offers, 2 equipment offer,
-- 3 vehicle, know-how or other offer, 5 interpreting request, 6 room request, 7 equipment, know-how or other request.
-- The listings the matches below connect (slots 0, 1, 5, 6) are published; of the others some are drafts,
-- paused or awaiting review.
CREATE TEMP TABLE demo_listing ON COMMIT DROP AS
SELECT a.i * 8 + s.slot AS n, s.slot, a.id AS association_id, a.postal_code, a.city, a.latitude, a.longitude,
       ('0199a000-0000-7000-8001-' || lpad((a.i * 8 + s.slot)::text, 12, '0'))::uuid AS id,
       CASE WHEN s.slot >= 5 THEN 'request' ELSE 'offer' END AS kind,
       CASE s.slot WHEN 0 THEN 'room' WHEN 6 THEN 'room' WHEN 1 THEN 'interpreting' WHEN 4 THEN 'interpreting' WHEN 5 THEN 'interpreting'
                   WHEN 2 THEN 'equipment'
                   WHEN 3 THEN (ARRAY['vehicle', 'expertise', 'vehicle', 'other'])[1 + a.i % 4]
                   ELSE (ARRAY['equipment', 'expertise', 'other'])[1 + a.i % 3] END AS category,
       CASE WHEN (a.i * 8 + s.slot) % 5 = 4 THEN 'en' ELSE 'de' END AS lang,
       (SELECT l FROM demo_language l WHERE l.k = (a.i * CASE s.slot WHEN 1 THEN 1 WHEN 4 THEN 3 ELSE 7 END + s.slot) % 11) AS language,
       date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS today,
       CASE WHEN s.slot IN (0, 1, 5, 6) THEN 'published' WHEN (a.i * 8 + s.slot) % 25 = 24 THEN 'draft' WHEN (a.i * 8 + s.slot) % 25 = 23 THEN 'paused'
            WHEN (a.i * 8 + s.slot) % 25 = 22 THEN 'pending_review' ELSE 'published' END AS status
  FROM demo_association a CROSS JOIN generate_series(0, 7) AS s(slot);

CREATE TEMP TABLE demo_window ON COMMIT DROP AS
SELECT l.id AS listing_id, w.slot, tstzrange(w.starts, w.ends, '[)') AS during
  FROM demo_listing l
 CROSS JOIN LATERAL (
     SELECT 0 AS slot, l.today + interval '1 day' + interval '8 hours' AS starts, l.today + interval '85 days' + interval '20 hours' AS ends
      WHERE l.kind = 'offer'
     UNION ALL
     SELECT k, l.today + (7 + l.n % 21 + k * 7) * interval '1 day' + interval '16 hours',
            l.today + (7 + l.n % 21 + k * 7) * interval '1 day' + interval '19 hours'
       FROM generate_series(0, 1) AS k
      WHERE l.kind = 'request') AS w;

INSERT INTO listing (id, association_id, kind, category, title, description, content_language, details, postal_code, city,
                     latitude, longitude, service_radius_km, max_distance_km, remote_ok, schedule, terms, cost_eur, exchange_for,
                     max_budget_eur, valid_until, status, created_at, updated_at, published_at)
SELECT l.id, l.association_id, l.kind, l.category, left(c.title || ' in ' || l.city, 120),
       c.description, l.lang, c.details, l.postal_code, l.city,
       l.latitude + ((l.n * 7919) % 200 - 100) / 10000.0, l.longitude + ((l.n * 104729) % 200 - 100) / 10000.0,
       CASE l.kind WHEN 'offer' THEN 25 END, CASE l.kind WHEN 'request' THEN 30 END,
       l.category IN ('interpreting', 'expertise') AND l.n % 2 = 0,
       (SELECT jsonb_build_object('windows', jsonb_agg(jsonb_build_object(
                   'start', to_char(lower(w.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
                   'end', to_char(upper(w.during) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')) ORDER BY w.slot))
          FROM demo_window w WHERE w.listing_id = l.id),
       t.terms, CASE t.terms WHEN 'cost_sharing' THEN 10 + l.n % 40 END,
       CASE t.terms WHEN 'exchange' THEN CASE l.lang WHEN 'en' THEN 'Help at our next summer party' ELSE 'Hilfe beim nächsten Sommerfest' END END,
       CASE WHEN l.kind = 'request' AND l.n % 3 = 1 THEN 50 END,
       l.today + interval '120 days', l.status,
       l.today - (l.n % 30 + 1) * interval '1 day', l.today - (l.n % 30) * interval '1 day',
       CASE WHEN l.status IN ('published', 'paused') THEN l.today - (l.n % 30) * interval '1 day' END
  FROM demo_listing l
 CROSS JOIN LATERAL (SELECT CASE l.n % 3 WHEN 0 THEN 'free' WHEN 1 THEN 'cost_sharing' ELSE 'exchange' END AS terms) t
 CROSS JOIN LATERAL (SELECT * FROM (VALUES
     ('room', 'offer',
      CASE l.lang WHEN 'en' THEN (ARRAY['Community hall for events', 'Meeting room for counselling', 'Seminar room for language courses', 'Club kitchen for cooking together'])[1 + l.n % 4]
                  ELSE (ARRAY['Gemeinschaftsraum für Veranstaltungen', 'Großer Saal mit Bühne', 'Besprechungsraum für Beratungsgespräche', 'Seminarraum für Sprachkurse', 'Vereinsküche für gemeinsames Kochen', 'Übungsraum für Musik und Tanz'])[1 + l.n % 6] END,
      CASE l.lang WHEN 'en' THEN 'Our room is free most weekday evenings and on weekends. Step-free access from the courtyard, tea kitchen next door.'
                  ELSE 'Unser Raum ist an den meisten Abenden unter der Woche und am Wochenende frei. Barrierefreier Zugang über den Hof, Teeküche nebenan.' END,
      jsonb_build_object('capacity', 15 + l.n * 37 % 180, 'areaM2', 30 + l.n * 13 % 150,
                         'features', jsonb_build_array((ARRAY['wheelchair_accessible', 'kitchen', 'projector', 'wifi', 'childcare_corner', 'prayer_room'])[1 + l.n % 6],
                                                       (ARRAY['wifi', 'stage', 'sound_system', 'quiet_room', 'parking'])[1 + l.n % 5]))),
     ('room', 'request',
      CASE l.lang WHEN 'en' THEN 'Looking for a room for our parents'' evening' ELSE 'Gesucht: Raum für unseren Elternabend' END,
      CASE l.lang WHEN 'en' THEN 'We expect families with children and need chairs and a little space for the little ones.'
                  ELSE 'Wir erwarten Familien mit Kindern und brauchen Stühle und etwas Platz für die Kleinen.' END,
      jsonb_build_object('attendees', 10 + l.n * 13 % 60)),
     ('interpreting', l.kind,
      CASE WHEN l.kind = 'request' AND l.lang = 'en' THEN 'Looking for an interpreter ' || (l.language).en || '–German for a school meeting'
           WHEN l.kind = 'request' THEN 'Gesucht: Dolmetschen ' || (l.language).de || '–Deutsch beim Elterngespräch'
           WHEN l.lang = 'en' THEN 'Interpreting ' || (l.language).en || '–German for appointments with authorities'
           ELSE 'Dolmetschen ' || (l.language).de || '–Deutsch für Behördengänge und Arzttermine' END,
      CASE l.lang WHEN 'en' THEN 'Volunteers of our association interpret in person or by phone. Please ask at least a week ahead.'
                  ELSE 'Ehrenamtliche unseres Vereins dolmetschen vor Ort oder telefonisch. Bitte mindestens eine Woche vorher anfragen.' END,
      jsonb_build_object('languagePairs', jsonb_build_array(jsonb_build_object('from', (l.language).code, 'to', 'de', 'oneWay', false)),
                         'modes', CASE WHEN l.n % 3 = 0 THEN '["consecutive", "written_translation"]'::jsonb ELSE '["consecutive"]'::jsonb END,
                         'delivery', '["on_site", "remote"]'::jsonb)),
     ('equipment', l.kind,
      (ARRAY['Beamer und Leinwand', 'Biertischgarnituren für Feste', 'Lautsprecheranlage für Feste', 'Nähmaschinen für Workshops', 'Faltzelte für Straßenfeste', 'Klappstühle für Versammlungen'])[1 + l.n % 6],
      CASE l.kind WHEN 'request' THEN 'Für unser Fest im Stadtteil brauchen wir Ausstattung, Abholung und Rückgabe übernehmen wir.'
                  ELSE 'Abholung nach Absprache, gern auch abends. Bitte sauber und vollständig zurückgeben.' END,
      jsonb_build_object('itemType', (ARRAY['Beamer', 'Biertischgarnitur', 'Lautsprecheranlage', 'Nähmaschine', 'Faltzelt', 'Klappstuhl'])[1 + l.n % 6],
                         'itemTag', (ARRAY['beamer', 'biertischgarnitur', 'lautsprecher', 'naehmaschine', 'zelt', 'stuhl'])[1 + l.n % 6],
                         'quantity', CASE l.kind WHEN 'request' THEN 1 + l.n % 3 ELSE 2 + l.n % 10 END)),
     ('vehicle', l.kind,
      CASE l.lang WHEN 'en' THEN 'Minibus with nine seats' ELSE (ARRAY['Kleinbus mit neun Sitzen', 'Transporter für Umzüge', 'Lastenrad für Einkäufe'])[1 + l.n % 3] END,
      CASE l.lang WHEN 'en' THEN 'For trips of associations; a driving licence class B is enough.'
                  ELSE 'Für Fahrten von Vereinen; ein Führerschein Klasse B genügt.' END,
      jsonb_build_object('seats', (ARRAY[9, 3, 1])[1 + l.n % 3], 'cargoVolumeM3', (ARRAY[1, 12, 0.5])[1 + l.n % 3], 'driverIncluded', l.n % 2 = 0)),
     ('expertise', l.kind,
      CASE l.lang WHEN 'en' THEN 'Advice on funding applications'
                  ELSE (ARRAY['Beratung zu Fördermitteln', 'Hilfe bei der Vereinsgründung', 'Buchhaltung für Vereine', 'Öffentlichkeitsarbeit und Pressearbeit'])[1 + l.n % 4] END,
      CASE l.lang WHEN 'en' THEN 'We share what we learned running our association for years.'
                  ELSE 'Wir teilen, was wir in vielen Jahren Vereinsarbeit gelernt haben.' END,
      jsonb_build_object('topics', jsonb_build_array((ARRAY['foerdermittel', 'vereinsrecht', 'buchhaltung', 'oeffentlichkeitsarbeit'])[1 + l.n % 4]))),
     ('other', l.kind,
      CASE l.lang WHEN 'en' THEN 'Childcare during events'
                  ELSE (ARRAY['Kinderbetreuung bei Veranstaltungen', 'Begleitung zu Arztterminen', 'Hausaufgabenhilfe für Grundschüler'])[1 + l.n % 3] END,
      CASE l.lang WHEN 'en' THEN 'Volunteers help out, by arrangement.' ELSE 'Ehrenamtliche helfen nach Absprache.' END,
      jsonb_build_object('text', 'Nach Absprache, gern auch am Wochenende.'))
   ) AS v(category, kind, title, description, details)
   WHERE v.category = l.category AND v.kind IN (l.kind, 'offer') ORDER BY v.kind = l.kind DESC LIMIT 1) AS c
ON CONFLICT (id) DO NOTHING;

INSERT INTO listing_window (listing_id, slot, during)
SELECT listing_id, slot, during FROM demo_window
ON CONFLICT DO NOTHING;

-- Matches: each association's interpreting and room requests meet an offer of the same category of another
-- association; by turn proposed, accepted (booked), completed (booked in the past, with feedback), declined.
CREATE TEMP TABLE demo_match ON COMMIT DROP AS
SELECT ('0199a000-0000-7000-8002-' || lpad(r.n::text, 12, '0'))::uuid AS id, r.n, r.id AS request_id, o.id AS offer_id,
       r.association_id AS requester_id, o.association_id AS provider_id, r.category,
       (ARRAY['proposed', 'accepted', 'completed', 'declined', 'proposed', 'accepted'])[1 + (r.n / 8 + r.slot) % 6] AS status,
       (r.n / 8 + r.slot) % 6 = 4 AS by_provider, rq.title AS request_title, of.title AS offer_title,
       ra.name AS requester_name, pa.name AS provider_name, ra.owner_id AS requester_owner, pa.owner_id AS provider_owner, r.today,
       CASE WHEN (r.n / 8 + r.slot) % 6 = 2 THEN tstzrange(r.today - interval '14 days' + interval '16 hours', r.today - interval '14 days' + interval '19 hours', '[)')
            ELSE (SELECT w.during FROM demo_window w WHERE w.listing_id = r.id AND w.slot = 0) END AS during
  FROM demo_listing r
  JOIN demo_association ra ON ra.id = r.association_id
  JOIN demo_association pa ON pa.i = (ra.i + 1 + r.slot) % 40
  JOIN demo_listing o ON o.association_id = pa.id AND o.slot = CASE r.slot WHEN 5 THEN 1 ELSE 0 END
  JOIN listing rq ON rq.id = r.id
  JOIN listing of ON of.id = o.id
 WHERE r.slot IN (5, 6) AND r.status = 'published' AND o.status = 'published';

CREATE TEMP TABLE demo_new_match (LIKE demo_match) ON COMMIT DROP;
WITH inserted AS (
INSERT INTO match (id, request_id, offer_id, requester_id, provider_id, proposed_by, status, message, reason, closed_by,
                   starts_at, ends_at, created_at, updated_at, decided_at, version)
SELECT id, request_id, offer_id, requester_id, provider_id, CASE WHEN by_provider THEN provider_id ELSE requester_id END, status,
       CASE WHEN by_provider THEN 'Wir könnten Ihnen hier gut helfen – passt der Termin?' ELSE 'Hallo! Wäre Ihr Angebot zu diesem Termin frei?' END,
       CASE status WHEN 'declined' THEN 'Leider ist der Raum an diesem Abend schon vergeben.' END,
       CASE status WHEN 'declined' THEN provider_id END,
       lower(during), upper(during), today - interval '20 days', today - interval '18 days',
       CASE WHEN status <> 'proposed' THEN today - interval '18 days' END, CASE WHEN status = 'proposed' THEN 1 ELSE 2 END
  FROM demo_match
ON CONFLICT (id) DO NOTHING
RETURNING id)
INSERT INTO demo_new_match SELECT m.* FROM demo_match m JOIN inserted USING (id);

INSERT INTO match_window (match_id, slot, during)
SELECT id, 0, during FROM demo_new_match;

INSERT INTO booking (id, match_id, offer_id, requester_id, provider_id, during, quantity, exclusive, created_at)
SELECT ('0199a000-0000-7000-8003-' || lpad(n::text, 12, '0'))::uuid, id, offer_id, requester_id, provider_id, during, 1,
       category <> 'equipment', today - interval '18 days'
  FROM demo_new_match WHERE status IN ('accepted', 'completed');

INSERT INTO match_message (id, match_id, author_association_id, author_user_id, body, created_at)
SELECT ('0199a000-0000-7000-8004-' || lpad((n * 2 + k)::text, 12, '0'))::uuid, id,
       CASE k WHEN 0 THEN requester_id ELSE provider_id END, CASE k WHEN 0 THEN requester_owner ELSE provider_owner END,
       CASE k WHEN 0 THEN 'Guten Tag, wir wären etwa zwanzig Personen. Gibt es vor Ort Stühle?'
              ELSE 'Ja, Stühle und Tische sind da. Den Schlüssel bekommen Sie eine Stunde vorher bei uns.' END,
       today - interval '19 days' + k * interval '3 hours'
  FROM demo_new_match CROSS JOIN generate_series(0, 1) AS k
 WHERE status IN ('proposed', 'accepted', 'completed');

INSERT INTO feedback (match_id, from_association_id, to_association_id, rating, comment, created_at)
SELECT id, CASE k WHEN 0 THEN requester_id ELSE provider_id END, CASE k WHEN 0 THEN provider_id ELSE requester_id END,
       5 - (n + k) % 2, CASE k WHEN 0 THEN 'Alles hat wunderbar geklappt, herzlichen Dank!' ELSE 'Zuverlässig und freundlich, gern wieder.' END,
       today - interval '12 days'
  FROM demo_new_match CROSS JOIN generate_series(0, 1) AS k
 WHERE status = 'completed';

-- The inboxes: what each side was told when the match moved.
INSERT INTO notification (id, association_id, kind, match_id, listing_id, data, created_at, read_at)
SELECT ('0199a000-0000-7000-8005-' || lpad((n * 4 + e.k)::text, 12, '0'))::uuid, e.recipient, e.kind, m.id, e.listing,
       jsonb_build_object('counterpartName', e.counterpart, 'requestTitle', m.request_title, 'offerTitle', m.offer_title)
           || CASE WHEN m.status = 'declined' THEN jsonb_build_object('reason', 'Leider ist der Raum an diesem Abend schon vergeben.') ELSE '{}' END,
       today - interval '18 days' + e.k * interval '1 hour', CASE WHEN e.k = 0 AND m.status <> 'proposed' THEN today - interval '17 days' END
  FROM demo_new_match m
 CROSS JOIN LATERAL (VALUES
     (0, CASE WHEN m.by_provider THEN m.requester_id ELSE m.provider_id END, 'proposal_received',
         CASE WHEN m.by_provider THEN m.request_id ELSE m.offer_id END, CASE WHEN m.by_provider THEN m.provider_name ELSE m.requester_name END),
     (1, m.requester_id, CASE m.status WHEN 'declined' THEN 'proposal_declined' ELSE 'proposal_accepted' END, m.request_id, m.provider_name),
     (2, m.provider_id, 'message_received', m.offer_id, m.requester_name),
     (3, m.requester_id, 'feedback_received', m.request_id, m.provider_name)) AS e(k, recipient, kind, listing, counterpart)
 WHERE e.k = 0 OR (e.k = 1 AND m.status <> 'proposed') OR (e.k = 2 AND m.status <> 'declined') OR (e.k = 3 AND m.status = 'completed');

-- They are history, not news: nothing of it is mailed or sent to webhooks.
DELETE FROM outbox o USING notification n
 WHERE n.id = o.notification_id AND n.id::text LIKE '0199a000-0000-7000-8005-%';

-- A few open reports for the moderation queue, filed by owners of other associations.
INSERT INTO report (id, target_type, target_id, reporter_id, reporter_association_id, reason, comment, created_at)
SELECT ('0199a000-0000-7000-8006-' || lpad(k::text, 12, '0'))::uuid, 'listing', l.id, a.owner_id, a.id,
       (ARRAY['spam', 'inappropriate', 'other', 'fraud'])[1 + k % 4],
       (ARRAY['Dieselbe Anzeige steht dreimal drin.', 'Der Text ist beleidigend formuliert.', 'Die Adresse stimmt nicht, der Raum existiert dort nicht.',
              'Es wird Geld für eine angeblich kostenlose Leistung verlangt.'])[1 + k % 4],
       l.today - k * interval '1 day'
  FROM generate_series(0, 3) AS k
  JOIN demo_listing l ON l.n = 11 + k * 37
  JOIN demo_association a ON a.i = (l.n / 8 + 3) % 40
 WHERE a.owner_id IS NOT NULL
ON CONFLICT DO NOTHING;
