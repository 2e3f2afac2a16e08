-- Onboarding by operators (admin API) instead of SQL.

-- A channel app's credential can be rotated; the credential it replaced keeps working until previous_valid_until
-- (the overlap the operator chose; none means refused at once). Previous HMAC secrets are SM4-GCM encrypted too.
ALTER TABLE channel_app
  ADD COLUMN previous_public_key_pem  text,
  ADD COLUMN previous_hmac_secret_enc text,
  ADD COLUMN previous_valid_until     timestamptz,
  ADD COLUMN credential_rotated_at    timestamptz;
ALTER TABLE channel_app ADD CONSTRAINT channel_app_previous_credential CHECK (
     (previous_valid_until IS NULL AND previous_public_key_pem IS NULL AND previous_hmac_secret_enc IS NULL)
  OR (scheme = 'SM2' AND previous_valid_until IS NOT NULL AND previous_public_key_pem IS NOT NULL
      AND previous_hmac_secret_enc IS NULL)
  OR (scheme = 'HMAC' AND previous_valid_until IS NOT NULL AND previous_hmac_secret_enc IS NOT NULL
      AND previous_public_key_pem IS NULL));

-- A partner bank's endpoint as registered by an operator (used from the next start; HPF_BANK_ENDPOINTS, when it
-- names the bank, takes precedence), and its key rotation with the same kind of overlap.
ALTER TABLE partner_bank
  ADD COLUMN protocol                text CHECK (protocol IN ('bdc', 'json')),
  ADD COLUMN endpoint                text CHECK (length(endpoint) BETWEEN 3 AND 300),
  ADD COLUMN previous_public_key_pem text,
  ADD COLUMN previous_valid_until    timestamptz,
  ADD COLUMN key_rotated_at          timestamptz;
ALTER TABLE partner_bank ADD CONSTRAINT partner_bank_endpoint_whole CHECK ((protocol IS NULL) = (endpoint IS NULL));
ALTER TABLE partner_bank ADD CONSTRAINT partner_bank_previous_key_whole
  CHECK ((previous_public_key_pem IS NULL) = (previous_valid_until IS NULL));

-- Staff users can be disabled (no login, sessions ended) without deleting who they were.
ALTER TABLE staff_user
  ADD COLUMN status     text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED')),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
