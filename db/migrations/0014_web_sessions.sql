-- Sessions of the web client (backend for frontend). The browser holds only a cookie naming a row here; the
-- user's access and refresh tokens stay in this table, encrypted with the web client's data protection keys
-- (0015), so that neither the browser nor a reader of a database backup gets a usable token. Any instance of
-- the web client can serve any session, and a restart signs nobody out.
CREATE TABLE web_session (
    id                 uuid        PRIMARY KEY,
    user_id            uuid        NOT NULL,
    -- The signed-in principal (display name, email, platform role), serialized and encrypted.
    ticket             bytea       NOT NULL,
    access_token       bytea       NOT NULL,
    access_expires_at  timestamptz NOT NULL,
    refresh_token      bytea       NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    -- When the refresh token runs out the session cannot be renewed: it ends then at the latest.
    expires_at         timestamptz NOT NULL
);

-- Expired sessions are deleted by the web client, reading this index.
CREATE INDEX web_session_expires_idx ON web_session (expires_at);
