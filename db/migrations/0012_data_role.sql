-- The API serves requests as a role with data rights only, while migrations run as the role that owns the
-- schema: whatever a request does, it cannot create, alter or drop objects, empty a table, drop the trigger that
-- keeps the audit log append-only, or change the log by privilege. The migrator calls this function with the
-- API's role after every run when the two roles differ, so that a role named later gets its rights as well; the
-- default privileges give the tables of later migrations the same rights from their creation on. A later table
-- with narrower rights is named below, in a new migration that replaces the function.
CREATE FUNCTION grant_data_rights(data_role name) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    rel regclass;
BEGIN
    -- With one role for both, there is nothing to grant, and the revocations below would lock the owner out.
    IF data_role = current_user THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', data_role);
    -- The schema's own tables and views; others in the schema (an extension's views, a benchmark's bookkeeping)
    -- are not the owner's to grant.
    FOR rel IN SELECT c.oid::regclass FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                  AND c.relowner = current_user::regrole
    LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO %I', rel, data_role);
    END LOOP;
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', data_role);
    -- Append-only by privilege, not only by the trigger of 0003.
    EXECUTE format('REVOKE UPDATE, DELETE ON audit_log FROM %I', data_role);
    -- Written by migrations alone (the journal and the gazetteer they load).
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON schema_migrations, place FROM %I', data_role);
END;
$$;
REVOKE EXECUTE ON FUNCTION grant_data_rights(name) FROM PUBLIC;
