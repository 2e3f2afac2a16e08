-- Consent (信息共享授权): a person allows the center to query data sources about it, for one business purpose,
-- for a set of data scopes (dependency ids or scope codes), through one channel, for a stated validity.
-- Revocation ends it early (revoked_at); consents are never deleted, so what was allowed when stays known.
CREATE TABLE consent (
  consent_id      uuid PRIMARY KEY,
  person_id       text NOT NULL REFERENCES person (person_id),
  purpose         text NOT NULL,
  scopes          text[] NOT NULL CHECK (cardinality(scopes) > 0),
  channel         text NOT NULL,
  valid_from      timestamptz NOT NULL,
  valid_until     timestamptz NOT NULL CHECK (valid_until > valid_from),
  granted_by      text NOT NULL,
  granted_by_kind text NOT NULL,
  granted_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  revoked_by      text
);
CREATE INDEX consent_person ON consent (person_id, purpose, valid_until);
CREATE INDEX consent_person_granted ON consent (person_id, granted_at DESC, consent_id);

-- How long one consent may last at most (the member may grant again afterwards).
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('consent.max_validity_months', '2005-01-01', '12', '信息共享授权：单次授权最长有效期（月）[city]');

-- Evidence (留痕存证): every data-source query and answer. content_enc holds the record's canonical JSON
-- (SM4-GCM, it names people); digest = SM3 of that canonical JSON, which includes prev_digest, so the records
-- form one chain; signature = SM2 by the platform key over the same canonical JSON. The clear columns repeat
-- fields of the content for lookups and are checked against it.
CREATE TABLE evidence_record (
  seq          bigint PRIMARY KEY,
  evidence_id  uuid NOT NULL UNIQUE,
  recorded_at  timestamptz NOT NULL,
  dependency   text NOT NULL,
  business_ref text NOT NULL,
  person_id    text,
  content_enc  text NOT NULL,
  prev_digest  text NOT NULL,
  digest       text NOT NULL UNIQUE,
  key_id       text NOT NULL,
  signature    text NOT NULL
);
CREATE INDEX evidence_business_ref ON evidence_record (business_ref, seq);

-- The head of the chain: appends lock this row, so sequence numbers and links follow one order.
CREATE TABLE evidence_chain_head (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_seq    bigint NOT NULL,
  last_digest text NOT NULL
);
INSERT INTO evidence_chain_head (last_seq, last_digest) VALUES (0, repeat('0', 64));

-- Append-only. The one change allowed is key rotation re-encrypting content_enc (the same plaintext under a
-- newer field key): every other column stays as written. The digest and signature cover the plaintext, so a
-- content_enc replaced by anything else is caught by verification.
CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (NEW.seq, NEW.evidence_id, NEW.recorded_at, NEW.dependency, NEW.business_ref, NEW.person_id,
                           NEW.prev_digest, NEW.digest, NEW.key_id, NEW.signature)
      IS NOT DISTINCT FROM (OLD.seq, OLD.evidence_id, OLD.recorded_at, OLD.dependency, OLD.business_ref, OLD.person_id,
                            OLD.prev_digest, OLD.digest, OLD.key_id, OLD.signature) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'evidence_record is append-only';
END $$;
CREATE TRIGGER evidence_record_no_update BEFORE UPDATE OR DELETE ON evidence_record
  FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
CREATE TRIGGER evidence_record_no_truncate BEFORE TRUNCATE ON evidence_record
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
