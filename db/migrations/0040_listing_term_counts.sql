-- The search's categoryCounts for one word (a text query that is a single lexeme), with no filter beyond kind and
-- category: published listings that reports did not hide, per lexeme of their text, kind and category, kept by the
-- writes as listing_facet_count is (0016): each statement that changes them adds rows of differences, unfolded, and
-- the background job (ListingCountService) folds a word's rows into one per kind and category now and then. A
-- listing's text has about twenty lexemes. The search subtracts, when it reads, the word's published listings whose
-- validUntil passed before the expiry job marked them, and those of suspended associations.
CREATE TABLE listing_term_count (
    term     text    NOT NULL,
    kind     text    NOT NULL,
    category text    NOT NULL,
    n        integer NOT NULL,
    folded   boolean NOT NULL DEFAULT false
);

CREATE INDEX listing_term_count_term_idx ON listing_term_count (term) INCLUDE (kind, category, n);
CREATE INDEX listing_term_count_unfolded_idx ON listing_term_count (term) WHERE NOT folded;

CREATE FUNCTION listing_term_count_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO listing_term_count (term, kind, category, n)
        SELECT t.term, r.kind, r.category, count(*)
          FROM new_rows r CROSS JOIN unnest(tsvector_to_array(r.search)) t(term)
         WHERE r.status = 'published' AND r.hidden_at IS NULL
         GROUP BY t.term, r.kind, r.category;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO listing_term_count (term, kind, category, n)
        SELECT t.term, r.kind, r.category, -count(*)
          FROM old_rows r CROSS JOIN unnest(tsvector_to_array(r.search)) t(term)
         WHERE r.status = 'published' AND r.hidden_at IS NULL
         GROUP BY t.term, r.kind, r.category;
    ELSE
        INSERT INTO listing_term_count (term, kind, category, n)
        SELECT t.term, d.kind, d.category, sum(d.n)
          FROM (SELECT search, kind, category, 1 AS n FROM new_rows WHERE status = 'published' AND hidden_at IS NULL
                UNION ALL
                SELECT search, kind, category, -1 FROM old_rows WHERE status = 'published' AND hidden_at IS NULL) d
         CROSS JOIN unnest(tsvector_to_array(d.search)) t(term)
         GROUP BY t.term, d.kind, d.category
        HAVING sum(d.n) <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER listing_term_count_insert AFTER INSERT ON listing
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_term_count_changed();
CREATE TRIGGER listing_term_count_update AFTER UPDATE ON listing
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_term_count_changed();
CREATE TRIGGER listing_term_count_delete AFTER DELETE ON listing
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_term_count_changed();

INSERT INTO listing_term_count (term, kind, category, n, folded)
SELECT t.term, l.kind, l.category, count(*), true
  FROM listing l CROSS JOIN unnest(tsvector_to_array(l.search)) t(term)
 WHERE l.status = 'published' AND l.hidden_at IS NULL
 GROUP BY t.term, l.kind, l.category;
