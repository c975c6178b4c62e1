-- Matching: the units of an offer still free in a time range, and the indexes the candidate search starts from.

-- How many of an offer's `units` stay free for the whole of `wanted`, given its confirmed bookings: none when a
-- unit resource (exclusive booking) is booked at any instant of it; for a quantity resource the units minus the
-- peak of concurrently booked units. The peak of a step function is reached where a booking starts (or where
-- `wanted` starts), so only those instants are summed. Ranges are half-open: bookings touching `wanted` at one
-- instant do not count. Read through booking_offer_idx.
CREATE FUNCTION offer_free_units(offer uuid, units integer, wanted tstzrange) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE
        WHEN EXISTS (SELECT 1 FROM booking b
                      WHERE b.offer_id = offer AND b.status = 'confirmed' AND b.exclusive AND b.during && wanted) THEN 0
        ELSE units - coalesce((
            SELECT max((SELECT sum(b2.quantity) FROM booking b2
                         WHERE b2.offer_id = offer AND b2.status = 'confirmed' AND NOT b2.exclusive
                           AND b2.during @> greatest(lower(b1.during), lower(wanted))))
              FROM booking b1
             WHERE b1.offer_id = offer AND b1.status = 'confirmed' AND NOT b1.exclusive AND b1.during && wanted), 0)::integer
    END;

-- The reach of a listing (an offer's service radius, a request's maximum distance): the largest among a
-- category's published counterparts sizes the bounding box of the candidate search, read as the first entry.
CREATE INDEX listing_reach_idx ON listing (category, kind, (greatest(coalesce(service_radius_km, 0), coalesce(max_distance_km, 0))) DESC)
    WHERE status = 'published';
-- Counterparts that accept remote work match a remote listing wherever they are: the candidate search adds
-- them to the bounding box.
CREATE INDEX listing_remote_idx ON listing (category, kind) WHERE status = 'published' AND remote_ok;
