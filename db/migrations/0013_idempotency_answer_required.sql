-- An Idempotency-Key is now written in the transaction of the request it belongs to, together with the request's
-- answer (IdempotentRequest in the Infrastructure): a key without an answer can no longer arise. Rows without one
-- were left by requests interrupted between their write and their answer; they would hold their key as "in flight"
-- until it expired, so they go.
DELETE FROM idempotency_key WHERE status IS NULL OR body IS NULL;
ALTER TABLE idempotency_key ALTER COLUMN status SET NOT NULL, ALTER COLUMN body SET NOT NULL;
