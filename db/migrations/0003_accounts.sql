-- Users, associations, memberships, API keys, refresh tokens, sign-in throttling and the audit log.
-- Status-like values are text with CHECK constraints holding the wire values (easier to extend than enums).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE app_user (
    id                 uuid PRIMARY KEY,
    email              text        NOT NULL CHECK (length(email) <= 254),
    display_name       text        NOT NULL,
    preferred_language text        NOT NULL,
    platform_role      text        NOT NULL DEFAULT 'member' CHECK (platform_role IN ('member', 'moderator', 'admin')),
    password_hash      text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer     NOT NULL DEFAULT 1
);
-- Emails are unique case-insensitively; the constraint, not a prior lookup, decides a registration race.
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));

CREATE TABLE association (
    id                  uuid PRIMARY KEY,
    name                text        NOT NULL,
    legal_form          text        NOT NULL,
    register_court      text,
    register_number     text,
    postal_code         text        NOT NULL,
    city                text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    languages           text[]      NOT NULL DEFAULT '{}',
    website             text,
    contact_email       text,
    verification_status text        NOT NULL DEFAULT 'unverified'
        CHECK (verification_status IN ('unverified', 'verified', 'suspended')),
    suspension_reason   text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    version             integer     NOT NULL DEFAULT 1,
    -- A register entry is a court and a number together, or neither.
    CHECK ((register_court IS NULL) = (register_number IS NULL))
);
-- The public directory pages by (name, id) and searches names by substring.
CREATE INDEX association_name_id_idx ON association (lower(name), id);
CREATE INDEX association_name_trgm_idx ON association USING gin (lower(name) gin_trgm_ops);
CREATE INDEX association_city_idx ON association (lower(city));
CREATE INDEX association_languages_idx ON association USING gin (languages);

CREATE TABLE membership (
    association_id uuid        NOT NULL REFERENCES association (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role           text        NOT NULL CHECK (role IN ('owner', 'coordinator', 'member')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (association_id, user_id)
);
-- "Which associations does this user belong to" runs on every authorised request.
CREATE INDEX membership_user_idx ON membership (user_id, association_id, role);

-- Refresh tokens: only a SHA-256 of the random token is stored. Tokens of one sign-in form a family;
-- presenting an already-used token revokes the whole family (the token was stolen or replayed).
CREATE TABLE refresh_token (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    family_id   uuid        NOT NULL,
    token_hash  bytea       NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_user_idx ON refresh_token (user_id) WHERE revoked_at IS NULL;

-- API keys: only a SHA-256 of the key is stored (keys carry 256 random bits, so a fast hash suffices);
-- the prefix is the visible part that lets owners tell keys apart.
CREATE TABLE api_key (
    id             uuid PRIMARY KEY,
    association_id uuid        NOT NULL REFERENCES association (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    prefix         text        NOT NULL,
    key_hash       bytea       NOT NULL UNIQUE,
    scopes         text[]      NOT NULL CHECK (scopes <@ ARRAY['listings:read', 'listings:write', 'matches:write']::text[]),
    created_by     uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz,
    revoked_at     timestamptz
);
CREATE INDEX api_key_association_idx ON api_key (association_id, created_at);

-- Fixed-window counters for sign-in throttling, shared by every API instance.
CREATE TABLE rate_limit_bucket (
    key          text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL
);

-- Append-only record of moderation and admin actions. Never holds passwords, tokens or keys.
CREATE TABLE audit_log (
    id          uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,
    actor_kind  text        NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
    action      text        NOT NULL,
    target_type text        NOT NULL,
    target_id   uuid        NOT NULL,
    reason      text,
    trace_id    text
);
CREATE INDEX audit_log_time_idx ON audit_log (occurred_at, id);
CREATE INDEX audit_log_target_idx ON audit_log (target_id, occurred_at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at);

-- The database itself keeps the audit log append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for
-- every role, the table owner (the application) included.
CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The object-level check every store puts into its WHERE clause: may the caller (a user through a
-- membership role, or an API key of the association with the needed scope, or a moderator reading)
-- act on this association? The roles and whether the key's scopes suffice come from the single policy
-- table in the code (ResourceShare.Domain.Accounts.AccessPolicy). Written as one SQL expression so the
-- planner inlines it.
CREATE FUNCTION caller_may(
    association_id uuid, user_id uuid, roles text[], key_association_id uuid, key_allowed boolean, oversee boolean)
    RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN oversee
        OR (key_allowed AND key_association_id = association_id)
        OR EXISTS (SELECT 1 FROM membership m
                    WHERE m.association_id = caller_may.association_id
                      AND m.user_id = caller_may.user_id
                      AND m.role = ANY (roles));
