-- Who gave a feedback, for the person's own export; null when an API key did. Follows the pseudonym on erasure.
ALTER TABLE feedback ADD COLUMN given_by uuid REFERENCES app_user (id) ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX feedback_given_by_idx ON feedback (given_by) WHERE given_by IS NOT NULL;
