-- The outbox: every event that leaves the building (email, webhooks) is first an inbox entry, and the trigger
-- below queues each new entry here in the same transaction, so an event and its delivery commit together or not
-- at all, whichever statement or job writes the entry. A dispatcher on every API instance claims rows with
-- FOR UPDATE SKIP LOCKED, hands each event to the delivery channels (which write their own deliveries in that
-- transaction) and deletes the row before it commits: two instances never take the same row, and an instance
-- that dies mid-way holds only row locks, which end with its connection, so the row is claimed again.
CREATE TABLE outbox (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notification_id uuid        NOT NULL UNIQUE REFERENCES notification (id) ON DELETE CASCADE,
    enqueued_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION outbox_enqueue() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (notification_id) VALUES (NEW.id);
    RETURN NULL;
END $$;

CREATE TRIGGER outbox_enqueue
    AFTER INSERT ON notification
    FOR EACH ROW EXECUTE FUNCTION outbox_enqueue();
