-- Partner banks (受托银行) on the bank listener: each signs its requests with a registered SM2 key.
-- bank_code is the first three digits of the interbank number (102 ICBC, 103 ABC, 104 BOC, 105 CCB, 301 BOCOM).
CREATE TABLE partner_bank (
  bank_code       text PRIMARY KEY CHECK (bank_code ~ '^[0-9]{3}$'),
  name            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED')),
  public_key_pem  text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
