-- Partitioned audit chain: appends no longer wait for one head row. The chain becomes 16 partitions, each with its own
-- head row and its own hash chain (prev_hash names the previous record of the same partition); sequence numbers come
-- from one PostgreSQL sequence, so the global order of appends stays readable (with gaps where a transaction rolled
-- back). The records written before are partition 0's history, unchanged, so they keep verifying. Partition p starts
-- from the 64-hex-digit rendering of p (partition 0 from the old genesis, 64 zeros). Signed checkpoints name every
-- partition's head. More partitions can be added later as head rows at their start value; none is ever removed.
ALTER TABLE audit_log ADD COLUMN part integer NOT NULL DEFAULT 0 CHECK (part >= 0);
ALTER TABLE audit_log ALTER COLUMN part DROP DEFAULT;
-- The anchoring reads each partition from its place at the newest checkpoint.
CREATE INDEX audit_log_part_seq ON audit_log (part, seq);

ALTER TABLE audit_chain_head ADD COLUMN part integer NOT NULL DEFAULT 0 CHECK (part >= 0);
ALTER TABLE audit_chain_head DROP COLUMN id;
ALTER TABLE audit_chain_head ADD PRIMARY KEY (part);
ALTER TABLE audit_chain_head ALTER COLUMN part DROP DEFAULT;
INSERT INTO audit_chain_head (part, last_seq, last_hash)
  SELECT p, 0, lpad(to_hex(p), 64, '0') FROM generate_series(1, 15) AS p;

CREATE SEQUENCE audit_log_seq AS bigint MINVALUE 1 OWNED BY audit_log.seq;
SELECT setval('audit_log_seq', GREATEST(max(last_seq), 1), max(last_seq) > 0) FROM audit_chain_head;
