-- The trust figures of every association (completed matches on either side, ratings received), kept by the
-- writes that change them, so that matching reads one row per candidate association instead of counting its
-- matches and feedback (about 0.85 ms per candidate at 1,000,000 matches).

CREATE TABLE association_trust_figures (
    association_id  uuid    PRIMARY KEY REFERENCES association (id) ON DELETE CASCADE,
    completed_count integer NOT NULL DEFAULT 0,
    rating_count    integer NOT NULL DEFAULT 0,
    rating_sum      integer NOT NULL DEFAULT 0
);

-- Completed matches count for both sides. The completion job completes many matches in one statement, so the
-- triggers are per statement, and each event has only its own transition tables (an insert no old rows, a
-- delete no new ones): the changes are summed per association (a bulk load of millions of matches gives one
-- entry per association), gathered per event, then added in association order, so that two statements never
-- wait for each other's rows in opposite orders.
CREATE FUNCTION association_trust_add(changes jsonb) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO association_trust_figures (association_id, completed_count, rating_count, rating_sum)
    SELECT c.association_id, sum(c.completed), sum(c.ratings), sum(c.rating_sum)
      FROM jsonb_to_recordset(changes) AS c(association_id uuid, completed integer, ratings integer, rating_sum integer)
     GROUP BY c.association_id
    HAVING sum(c.completed) <> 0 OR sum(c.ratings) <> 0 OR sum(c.rating_sum) <> 0
     ORDER BY c.association_id
        ON CONFLICT (association_id) DO UPDATE
       SET completed_count = association_trust_figures.completed_count + excluded.completed_count,
           rating_count = association_trust_figures.rating_count + excluded.rating_count,
           rating_sum = association_trust_figures.rating_sum + excluded.rating_sum
$$;

CREATE FUNCTION association_trust_completed() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changes jsonb := '[]';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        changes := changes || coalesce((
            SELECT jsonb_agg(jsonb_build_object('association_id', side, 'completed', n, 'ratings', 0, 'rating_sum', 0))
              FROM (SELECT side, count(*) AS n FROM new_rows, LATERAL (VALUES (requester_id), (provider_id)) s(side)
                     WHERE status = 'completed' GROUP BY side) g), '[]');
    END IF;
    IF TG_OP <> 'INSERT' THEN
        changes := changes || coalesce((
            SELECT jsonb_agg(jsonb_build_object('association_id', side, 'completed', -n, 'ratings', 0, 'rating_sum', 0))
              FROM (SELECT side, count(*) AS n FROM old_rows, LATERAL (VALUES (requester_id), (provider_id)) s(side)
                     WHERE status = 'completed' GROUP BY side) g), '[]');
    END IF;
    IF changes <> '[]' THEN
        PERFORM association_trust_add(changes);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION association_trust_rated() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    changes jsonb := '[]';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        changes := changes || coalesce((
            SELECT jsonb_agg(jsonb_build_object('association_id', to_association_id, 'completed', 0, 'ratings', n, 'rating_sum', total))
              FROM (SELECT to_association_id, count(*) AS n, sum(rating) AS total FROM new_rows GROUP BY to_association_id) g), '[]');
    END IF;
    IF TG_OP <> 'INSERT' THEN
        changes := changes || coalesce((
            SELECT jsonb_agg(jsonb_build_object('association_id', to_association_id, 'completed', 0, 'ratings', -n, 'rating_sum', -total))
              FROM (SELECT to_association_id, count(*) AS n, sum(rating) AS total FROM old_rows GROUP BY to_association_id) g), '[]');
    END IF;
    IF changes <> '[]' THEN
        PERFORM association_trust_add(changes);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER association_trust_match_insert AFTER INSERT ON match
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION association_trust_completed();
CREATE TRIGGER association_trust_match_update AFTER UPDATE ON match
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION association_trust_completed();
CREATE TRIGGER association_trust_match_delete AFTER DELETE ON match
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION association_trust_completed();
CREATE TRIGGER association_trust_feedback_insert AFTER INSERT ON feedback
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION association_trust_rated();
CREATE TRIGGER association_trust_feedback_update AFTER UPDATE ON feedback
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION association_trust_rated();
CREATE TRIGGER association_trust_feedback_delete AFTER DELETE ON feedback
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION association_trust_rated();

INSERT INTO association_trust_figures (association_id, completed_count, rating_count, rating_sum)
SELECT a.id,
       (SELECT count(*) FROM match m WHERE m.requester_id = a.id AND m.status = 'completed')
     + (SELECT count(*) FROM match m WHERE m.provider_id = a.id AND m.status = 'completed'),
       (SELECT count(*) FROM feedback f WHERE f.to_association_id = a.id),
       coalesce((SELECT sum(f.rating) FROM feedback f WHERE f.to_association_id = a.id), 0)
  FROM association a;

-- What the profile shows, now read from the kept figures: the average rating received (one decimal, null
-- without any), how many, and the completed matches on either side.
CREATE OR REPLACE VIEW association_trust AS
SELECT a.id AS association_id,
       round(t.rating_sum::numeric / nullif(t.rating_count, 0), 1) AS rating_avg,
       coalesce(t.rating_count, 0)::bigint AS rating_count,
       coalesce(t.completed_count, 0)::bigint AS completed_count
  FROM association a
  LEFT JOIN association_trust_figures t ON t.association_id = a.id;
