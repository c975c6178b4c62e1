-- Sessions that end when they should, and sign-in throttling that an attacker cannot turn against the account
-- holder.

-- Every access token carries its user's session version, and every request compares it with this column
-- (through a per-instance cache that the notifications below keep current). Signing out everywhere and a
-- password change count it up, so that every access token issued before stops working at once, on every
-- API instance.
ALTER TABLE app_user ADD COLUMN session_version integer NOT NULL DEFAULT 1;

-- A platform role change by any path (the grant-role command, an administrator's SQL) ends the user's
-- sessions: their access tokens name the old role.
CREATE FUNCTION app_user_role_ends_sessions() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.session_version := OLD.session_version + 1;
    RETURN NEW;
END;
$$;
CREATE TRIGGER app_user_role_ends_sessions BEFORE UPDATE OF platform_role ON app_user
    FOR EACH ROW WHEN (OLD.platform_role IS DISTINCT FROM NEW.platform_role)
    EXECUTE FUNCTION app_user_role_ends_sessions();

-- Tells every listening API instance, when the change commits, which user's cached session version to forget.
CREATE FUNCTION app_user_sessions_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('session_changed', OLD.id::text);
    RETURN NULL;
END;
$$;
CREATE TRIGGER app_user_session_version_changed AFTER UPDATE ON app_user
    FOR EACH ROW WHEN (OLD.session_version IS DISTINCT FROM NEW.session_version)
    EXECUTE FUNCTION app_user_sessions_changed();
CREATE TRIGGER app_user_deleted AFTER DELETE ON app_user
    FOR EACH ROW EXECUTE FUNCTION app_user_sessions_changed();

-- Failed sign-ins per account and client address, with growing delays: guesses from one address slow down,
-- while the account holder's own address keeps its own count. Counted before the password is checked (so that
-- parallel guesses count each other) and deleted by a success.
CREATE TABLE sign_in_backoff (
    key             text PRIMARY KEY,
    attempts        integer     NOT NULL,
    last_attempt_at timestamptz NOT NULL
);
