-- How many units of a quantity offer (equipment) confirmed bookings hold at the busiest moment of a time range.
-- The trigger booking_within_quantity asks it for each new booking, and an accept asks it for each occurrence
-- before it books (under the offer's lock), so both judge by the same rule. The load peaks where a booking
-- starts: at the range's start or at the start of a booking inside it.
CREATE FUNCTION offer_peak_load(target_offer uuid, target_range tstzrange, excluded_booking uuid DEFAULT NULL) RETURNS integer
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(max(load), 0)::integer
      FROM (SELECT sum(b.quantity) AS load
              FROM (SELECT lower(target_range) AS at
                    UNION
                    SELECT lower(o.during) FROM booking o
                     WHERE o.offer_id = target_offer AND o.status = 'confirmed' AND o.id IS DISTINCT FROM excluded_booking
                       AND target_range @> lower(o.during)) p
              JOIN booking b ON b.offer_id = target_offer AND b.status = 'confirmed' AND b.id IS DISTINCT FROM excluded_booking
                            AND NOT b.exclusive AND b.during @> p.at
             GROUP BY p.at) loads
$$;

CREATE OR REPLACE FUNCTION booking_within_quantity() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    units integer;
    peak  integer;
BEGIN
    IF NEW.status <> 'confirmed' OR NEW.exclusive THEN
        RETURN NEW;
    END IF;

    SELECT coalesce((details ->> 'quantity')::integer, 1) INTO units
      FROM listing WHERE id = NEW.offer_id
       FOR NO KEY UPDATE;

    peak := offer_peak_load(NEW.offer_id, NEW.during, NEW.id);
    IF peak + NEW.quantity > units THEN
        RAISE EXCEPTION 'offer % has % of % units free in %', NEW.offer_id, units - peak, units, NEW.during
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'booking_within_quantity';
    END IF;
    RETURN NEW;
END $$;
