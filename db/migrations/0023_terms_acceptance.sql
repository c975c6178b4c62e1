-- Which version of the terms of use and privacy notice a user accepted, and when (GDPR Art. 7(1): the platform must
-- be able to show what a person agreed to). Null until the user accepts one.
ALTER TABLE app_user ADD COLUMN accepted_terms_version text CHECK (length(accepted_terms_version) <= 40),
                     ADD COLUMN accepted_terms_at timestamptz;
