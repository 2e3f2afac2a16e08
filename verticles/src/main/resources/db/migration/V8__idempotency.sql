-- Idempotent writes: the first successful answer to (caller, Idempotency-Key) is kept and replayed; the same
-- key with a different request is a conflict. Stored in the write's own transaction, so the record exists
-- exactly when the write committed.
CREATE TABLE idempotency_record (
  caller       text NOT NULL,
  key          text NOT NULL,
  operation    text NOT NULL,
  fingerprint  text NOT NULL,
  status       integer NOT NULL,
  body         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
