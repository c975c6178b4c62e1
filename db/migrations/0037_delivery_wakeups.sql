-- Wake-ups for the delivery loops: a new outbox row notifies the channel `outbox`, new webhook messages notify
-- `webhook_message`. PostgreSQL delivers a notification when the writing transaction commits, once per channel
-- and transaction however many rows it wrote, to every API instance listening; the dispatcher and the webhook
-- sender then look at once instead of at their next poll, which stays as the fallback.
CREATE OR REPLACE FUNCTION outbox_enqueue() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (notification_id) VALUES (NEW.id);
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END $$;

CREATE FUNCTION webhook_message_notify() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM inserted) THEN
        PERFORM pg_notify('webhook_message', '');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER webhook_message_notify
    AFTER INSERT ON webhook_message
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_message_notify();
