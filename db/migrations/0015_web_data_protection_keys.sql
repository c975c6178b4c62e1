-- The web client's ASP.NET Core data protection key ring. The keys encrypt session cookies, antiforgery tokens
-- and the tokens in web_session; kept here, they survive a restart and are shared by every web instance.
-- Rows are only added (a key expires by the date inside its XML, never by deletion).
CREATE TABLE web_data_protection_key (
    friendly_name text        PRIMARY KEY,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
