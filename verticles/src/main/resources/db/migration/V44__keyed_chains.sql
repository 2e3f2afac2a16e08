-- Keyed chains: from here on every audit and evidence record's hash is HMAC-SM3 under a chain key the database
-- does not hold (key_version names which); records written before keep their plain SM3. chain_keying marks the
-- boundary (the first keyed sequence of each chain); signed checkpoints kept outside the database name it too.
ALTER TABLE audit_log ADD COLUMN key_version integer;
ALTER TABLE evidence_record ADD COLUMN key_version integer;

CREATE TABLE chain_keying (
  chain      text PRIMARY KEY CHECK (chain IN ('audit', 'evidence')),
  keyed_from bigint NOT NULL CHECK (keyed_from >= 1)
);
INSERT INTO chain_keying (chain, keyed_from) SELECT 'audit', last_seq + 1 FROM audit_chain_head;
INSERT INTO chain_keying (chain, keyed_from) SELECT 'evidence', last_seq + 1 FROM evidence_chain_head;

CREATE FUNCTION chain_keying_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'chain_keying is fixed';
END $$;
CREATE TRIGGER chain_keying_no_update BEFORE UPDATE OR DELETE ON chain_keying
  FOR EACH ROW EXECUTE FUNCTION chain_keying_fixed();
CREATE TRIGGER chain_keying_no_truncate BEFORE TRUNCATE ON chain_keying FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- The evidence guard lets key rotation re-encrypt content_enc only: key_version is one of the fixed columns.
CREATE OR REPLACE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.seq, NEW.evidence_id, NEW.recorded_at, NEW.dependency, NEW.business_ref, NEW.person_id,
                           NEW.prev_digest, NEW.digest, NEW.key_id, NEW.signature, NEW.key_version)
      IS NOT DISTINCT FROM (OLD.seq, OLD.evidence_id, OLD.recorded_at, OLD.dependency, OLD.business_ref, OLD.person_id,
                            OLD.prev_digest, OLD.digest, OLD.key_id, OLD.signature, OLD.key_version) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_record is append-only';
END $$;
