-- The inbox's "listing expires in 7 days" notice, and the trust figures of an association.

-- One expiry notice per listing and expiry date, whichever API instance's job writes it first: the others'
-- INSERT … ON CONFLICT DO NOTHING find this entry and write nothing. A listing whose validUntil is moved far
-- enough to expire again later gets a notice for the new date (the job decides what "far enough" is).
CREATE UNIQUE INDEX notification_listing_expiring_idx ON notification (listing_id, (data ->> 'validUntil'))
    WHERE kind = 'listing_expiring';

-- Completed matches per side, for the trust figures below.
CREATE INDEX match_completed_requester_idx ON match (requester_id) WHERE status = 'completed';
CREATE INDEX match_completed_provider_idx ON match (provider_id) WHERE status = 'completed';

-- What the profile shows and the matching's trust component reads: the average rating the association has
-- received (one decimal, null without any), how many, and its completed matches on either side. Every figure
-- starts from an index per association (feedback_to_idx, the two indexes above): with 60,000 matches and 51,000
-- ratings, one association's figures take about 1 ms and a directory page of 21 about 5 ms.
CREATE VIEW association_trust AS
SELECT a.id AS association_id,
       r.rating_avg,
       r.rating_count,
       (SELECT count(*) FROM match m WHERE m.requester_id = a.id AND m.status = 'completed')
     + (SELECT count(*) FROM match m WHERE m.provider_id = a.id AND m.status = 'completed') AS completed_count
  FROM association a
 CROSS JOIN LATERAL (SELECT round(avg(f.rating), 1) AS rating_avg, count(*) AS rating_count
                       FROM feedback f
                      WHERE f.to_association_id = a.id) r;
