-- Channel apps (渠道应用): who may call the public listener, and how they prove it.
CREATE TABLE channel_app (
  app_id          text PRIMARY KEY CHECK (app_id ~ '^[a-z0-9][a-z0-9-]{2,39}$'),
  name            text NOT NULL,
  app_type        text NOT NULL CHECK (app_type IN ('ONLINE_HALL', 'MOBILE_APP', 'MINI_PROGRAM', 'KIOSK', 'COUNTER', 'PARTNER')),
  status          text NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
  scheme          text NOT NULL CHECK (scheme IN ('SM2', 'HMAC')),
  public_key_pem  text,
  -- HMAC secrets are stored SM4-GCM encrypted (FieldCipher), never in clear.
  hmac_secret_enc text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((scheme = 'SM2' AND public_key_pem IS NOT NULL AND hmac_secret_enc IS NULL)
      OR (scheme = 'HMAC' AND hmac_secret_enc IS NOT NULL AND public_key_pem IS NULL))
);

-- Audit log (审计日志): every business operation and operator action, append-only and hash-chained with SM3.
CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  actor_kind  text NOT NULL CHECK (actor_kind IN ('OPERATOR', 'STAFF', 'MEMBER', 'EMPLOYER', 'APP', 'SYSTEM')),
  channel     text NOT NULL,
  operation   text NOT NULL,
  target      text NOT NULL,
  outcome     text NOT NULL,
  request_id  text NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL UNIQUE
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
CREATE INDEX audit_log_operation ON audit_log (operation, at);

-- The head of the chain: appends lock this row, so sequence numbers and hashes follow one order.
CREATE TABLE audit_chain_head (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_seq  bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO audit_chain_head (last_seq, last_hash) VALUES (0, repeat('0', 64));

-- Records are never changed or removed through the application's paths; the hash chain detects changes
-- made around this guard (e.g. by a superuser who disables it).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
