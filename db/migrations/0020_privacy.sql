-- Erasure (GDPR Art. 17) without losing what others rely on: an erased user's row stays as a pseudonym. Its id is
-- replaced by a fresh random one and its email, name and password are cleared; the references below follow the new
-- id (ON UPDATE CASCADE), so matches, messages, reports and the audit log keep "someone" instead of the person.
ALTER TABLE app_user ADD COLUMN erased_at timestamptz;

-- Who created a listing, for the person's own export; null when an API key did.
ALTER TABLE listing ADD COLUMN created_by uuid REFERENCES app_user (id) ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX listing_created_by_idx ON listing (created_by) WHERE created_by IS NOT NULL;

ALTER TABLE membership DROP CONSTRAINT membership_user_id_fkey,
    ADD CONSTRAINT membership_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_user_id_fkey,
    ADD CONSTRAINT refresh_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE api_key DROP CONSTRAINT api_key_created_by_fkey,
    ADD CONSTRAINT api_key_created_by_fkey FOREIGN KEY (created_by) REFERENCES app_user (id) ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE match_message DROP CONSTRAINT match_message_author_user_id_fkey,
    ADD CONSTRAINT match_message_author_user_id_fkey FOREIGN KEY (author_user_id) REFERENCES app_user (id) ON UPDATE CASCADE;
ALTER TABLE report DROP CONSTRAINT report_reporter_id_fkey,
    ADD CONSTRAINT report_reporter_id_fkey FOREIGN KEY (reporter_id) REFERENCES app_user (id) ON UPDATE CASCADE;
-- The export lists the person's messages and reports.
CREATE INDEX match_message_author_idx ON match_message (author_user_id) WHERE author_user_id IS NOT NULL;
CREATE INDEX report_reporter_idx ON report (reporter_id, created_at);

-- The audit log stays append-only, with one exception: an entry may exchange the id of a person for their
-- pseudonym. The trigger lets an UPDATE through only when nothing but actor_id and target_id changes, and every
-- changed id goes from an id no account has any more to the id of an erased account; everything else is refused
-- as before, for every role.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.id, NEW.occurred_at, NEW.actor_kind, NEW.action, NEW.target_type, NEW.reason, NEW.trace_id)
           IS NOT DISTINCT FROM (OLD.id, OLD.occurred_at, OLD.actor_kind, OLD.action, OLD.target_type, OLD.reason, OLD.trace_id)
       AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
            OR (OLD.actor_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM app_user WHERE id = OLD.actor_id)
                AND EXISTS (SELECT 1 FROM app_user WHERE id = NEW.actor_id AND erased_at IS NOT NULL)))
       AND (NEW.target_id IS NOT DISTINCT FROM OLD.target_id
            OR (NOT EXISTS (SELECT 1 FROM app_user WHERE id = OLD.target_id)
                AND EXISTS (SELECT 1 FROM app_user WHERE id = NEW.target_id AND erased_at IS NOT NULL))) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- The API's role has no UPDATE right on the audit log (0012); it exchanges ids through this function, which runs
-- with its owner's rights and is held to the trigger's rule above.
CREATE FUNCTION pseudonymise_audit_log(person uuid, pseudonym uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE audit_log
       SET actor_id = CASE WHEN actor_id = person THEN pseudonym ELSE actor_id END,
           target_id = CASE WHEN target_id = person THEN pseudonym ELSE target_id END
     WHERE actor_id = person OR target_id = person;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;
