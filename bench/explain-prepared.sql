-- Included by listings-explain.sql with :name (a prepared statement) and :args set. Npgsql prepares a
-- statement once it has run five times, and PostgreSQL may switch a prepared statement to a generic plan
-- from the sixth execution on; so five executions first, then the sixth explained as the plan cache
-- chose it, then once more with the generic plan forced (what a long-lived connection can end up with).
\o /dev/null
EXECUTE :name :args;
EXECUTE :name :args;
EXECUTE :name :args;
EXECUTE :name :args;
EXECUTE :name :args;
\o
\echo '### ' :name ' (plan cache auto, 6th execution)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE :name :args;
SET plan_cache_mode = force_generic_plan;
\echo '### ' :name ' (generic plan)'
EXPLAIN (ANALYZE, BUFFERS) EXECUTE :name :args;
RESET plan_cache_mode;
