-- A quantity resource (equipment: `exclusive` false) is never booked beyond the units its offer has
-- (details.quantity), whoever inserts the booking. The trigger locks the offer's listing row, so bookings of
-- one offer are checked one transaction at a time (across connections and API instances), and each check
-- sees the bookings committed before it: under READ COMMITTED every statement of the function takes a new
-- snapshot once the lock is granted. FOR NO KEY UPDATE does not block the key-share locks that foreign keys
-- to the listing take, so proposals on the offer go on meanwhile.
CREATE FUNCTION booking_within_quantity() RETURNS trigger
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

    -- The load peaks where a booking starts: at the new window's start or at the start of a booking inside it.
    SELECT coalesce(max(load), 0) INTO peak
      FROM (SELECT sum(b.quantity) AS load
              FROM (SELECT lower(NEW.during) AS at
                    UNION
                    SELECT lower(o.during) FROM booking o
                     WHERE o.offer_id = NEW.offer_id AND o.status = 'confirmed' AND o.id <> NEW.id
                       AND NEW.during @> lower(o.during)) p
              JOIN booking b ON b.offer_id = NEW.offer_id AND b.status = 'confirmed' AND b.id <> NEW.id
                            AND NOT b.exclusive AND b.during @> p.at
             GROUP BY p.at) loads;

    IF peak + NEW.quantity > units THEN
        RAISE EXCEPTION 'offer % has % of % units free in %', NEW.offer_id, units - peak, units, NEW.during
            USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'booking_within_quantity';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER booking_within_quantity
    BEFORE INSERT OR UPDATE OF status, during, quantity ON booking
    FOR EACH ROW EXECUTE FUNCTION booking_within_quantity();
