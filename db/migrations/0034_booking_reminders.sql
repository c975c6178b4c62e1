-- The day-before reminder of a booking: one notice per booking and association, whichever instance's job
-- writes it first (the others' INSERT … ON CONFLICT DO NOTHING write nothing).
CREATE UNIQUE INDEX notification_booking_tomorrow_idx ON notification (association_id, (data ->> 'bookingId'))
    WHERE kind = 'booking_tomorrow';

-- The reminder job looks for confirmed bookings that begin within the next 24 hours, once a minute.
CREATE INDEX booking_starts_idx ON booking (lower(during)) WHERE status = 'confirmed';
