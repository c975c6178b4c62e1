-- Reports on listings and associations, hiding of listings that several associations reported, and what
-- moderation decisions need to remember.

-- Set when open reports from three distinct associations name the listing; a moderator's decision clears it.
-- A hidden listing is out of search, matching and GET for everybody but its association and moderators.
ALTER TABLE listing ADD COLUMN hidden_at timestamptz;

-- When a moderator last verified the association's register entry: reinstating a suspended association
-- returns it to verified only if it was verified before.
ALTER TABLE association ADD COLUMN verified_at timestamptz;

CREATE TABLE report (
    id                      uuid PRIMARY KEY,
    target_type             text        NOT NULL CHECK (target_type IN ('listing', 'association')),
    target_id               uuid        NOT NULL,
    reporter_id             uuid        NOT NULL REFERENCES app_user (id),
    -- The association the reporter reported for; three distinct ones hide a listing.
    reporter_association_id uuid        NOT NULL REFERENCES association (id),
    reason                  text        NOT NULL
        CHECK (reason IN ('spam', 'inappropriate', 'discriminatory', 'fraud', 'personal_data', 'other')),
    comment                 text        CHECK (length(comment) <= 1000),
    status                  text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided')),
    created_at              timestamptz NOT NULL DEFAULT now(),
    decided_at              timestamptz,
    -- The decision that closed it (approved, rejected, removed, restored, verified, suspended, reinstated).
    decision                text,
    CHECK ((status = 'decided') = (decided_at IS NOT NULL))
);
-- One open report per reporter and target: the constraint decides a double submission, never a prior lookup.
CREATE UNIQUE INDEX report_one_open_idx ON report (reporter_id, target_id) WHERE status = 'open';
-- The queue (open reports by target, oldest first) and "close the target's open reports".
CREATE INDEX report_open_idx ON report (target_id, created_at) WHERE status = 'open';
-- Statistics: reports decided in a period.
CREATE INDEX report_decided_idx ON report (decided_at) WHERE status = 'decided';

-- The queue's listings awaiting review, oldest first.
CREATE INDEX listing_pending_review_idx ON listing (updated_at, id) WHERE status = 'pending_review';
-- Statistics: listings and matches by period.
CREATE INDEX listing_created_idx ON listing (created_at);
CREATE INDEX match_created_idx ON match (created_at);
CREATE INDEX match_decided_idx ON match (decided_at) WHERE decided_at IS NOT NULL;
-- The audit log filtered by action, newest first.
CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at);
-- Statistics: a request's first accepted match, and requests by publishing time.
CREATE INDEX match_request_accepted_idx ON match (request_id, decided_at) WHERE status IN ('accepted', 'completed');
CREATE INDEX listing_request_published_idx ON listing (published_at) WHERE kind = 'request';
