-- A ledger posting's idempotency key must come back with the same posting: the fingerprint (SM3 of its
-- canonical form) tells a replay from a different request reusing a key.
ALTER TABLE ledger_transaction ADD COLUMN fingerprint text NOT NULL DEFAULT '';

-- Refresh tokens rotate; the one just replaced is remembered, so its reuse (a sign it was stolen) ends the session.
ALTER TABLE session ADD COLUMN previous_refresh_hash text;
CREATE INDEX session_previous_refresh ON session (previous_refresh_hash);
