-- Partitioned evidence chain, the same design as the audit chain's (V52): 16 partitions, each with its own head row
-- and its own chain (prev_digest names the previous record of the same partition, and the signed content names it
-- too); sequence numbers come from one PostgreSQL sequence, continuing after the old head. The records written before
-- are partition 0's history, unchanged (their signed content holds no partition), so they keep verifying, also
-- against checkpoints signed before. Partition p starts from the 64-hex-digit rendering of p (partition 0 from the old
-- genesis, 64 zeros). More partitions can be added later as head rows at their start value; none is ever removed.
ALTER TABLE evidence_record ADD COLUMN part integer NOT NULL DEFAULT 0 CHECK (part >= 0);
ALTER TABLE evidence_record ALTER COLUMN part DROP DEFAULT;
-- The anchoring and the per-record verification read a partition from a place in it.
CREATE INDEX evidence_record_part_seq ON evidence_record (part, seq);

ALTER TABLE evidence_chain_head ADD COLUMN part integer NOT NULL DEFAULT 0 CHECK (part >= 0);
ALTER TABLE evidence_chain_head DROP COLUMN id;
ALTER TABLE evidence_chain_head ADD PRIMARY KEY (part);
ALTER TABLE evidence_chain_head ALTER COLUMN part DROP DEFAULT;
INSERT INTO evidence_chain_head (part, last_seq, last_digest)
  SELECT p, 0, lpad(to_hex(p), 64, '0') FROM generate_series(1, 15) AS p;

CREATE SEQUENCE evidence_record_seq AS bigint MINVALUE 1 OWNED BY evidence_record.seq;
SELECT setval('evidence_record_seq', GREATEST(max(last_seq), 1), max(last_seq) > 0) FROM evidence_chain_head;

-- The append-only guard: the partition is one of the fixed columns (key rotation still re-encrypts content_enc only).
CREATE OR REPLACE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.seq, NEW.part, NEW.evidence_id, NEW.recorded_at, NEW.dependency, NEW.business_ref,
                           NEW.person_id, NEW.prev_digest, NEW.digest, NEW.key_id, NEW.signature, NEW.key_version)
      IS NOT DISTINCT FROM (OLD.seq, OLD.part, OLD.evidence_id, OLD.recorded_at, OLD.dependency, OLD.business_ref,
                            OLD.person_id, OLD.prev_digest, OLD.digest, OLD.key_id, OLD.signature, OLD.key_version) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_record is append-only';
END $$;
