-- Natural persons who log in (members, employer agents). Identifiers are SM4-GCM encrypted (FieldCipher,
-- versioned) with an HMAC-SM3 blind index for exact lookups; no plaintext copy anywhere.
CREATE TABLE person (
  person_id        text PRIMARY KEY CHECK (person_id ~ '^P[0-9]{8}$'),
  name             text NOT NULL,
  id_number_enc    text NOT NULL,
  id_number_idx    text NOT NULL UNIQUE,
  phone_enc        text NOT NULL,
  phone_idx        text NOT NULL,
  password_hash    text,
  failed_logins    integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_phone_idx ON person (phone_idx);

-- Employers (缴存单位) as login subjects: the unified social credit code is public information; the
-- agent's phone receives the login codes.
CREATE TABLE employer_login (
  employer_id      text PRIMARY KEY CHECK (employer_id ~ '^E[0-9]{8}$'),
  credit_code      text NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name             text NOT NULL,
  agent_person_id  text NOT NULL REFERENCES person (person_id),
  password_hash    text NOT NULL,
  failed_logins    integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Center staff (柜面、复核、审计、运维) with roles.
CREATE TABLE staff_user (
  staff_id         text PRIMARY KEY CHECK (staff_id ~ '^[a-z][a-z0-9.-]{2,31}$'),
  name             text NOT NULL,
  roles            text[] NOT NULL CHECK (roles <@ ARRAY['COUNTER', 'REVIEWER', 'AUDITOR', 'OPERATOR']::text[]
                                          AND cardinality(roles) > 0),
  password_hash    text NOT NULL,
  failed_logins    integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- One-time SMS codes: only an SM3 hash is kept; a code is single use and short-lived.
CREATE TABLE sms_code (
  code_id          bigserial PRIMARY KEY,
  subject_kind     text NOT NULL CHECK (subject_kind IN ('MEMBER', 'EMPLOYER')),
  subject_id       text NOT NULL,
  purpose          text NOT NULL CHECK (purpose IN ('LOGIN')),
  code_hash        text NOT NULL,
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_code_subject ON sms_code (subject_kind, subject_id, created_at DESC);

-- Sessions: the access token names the session; refresh tokens are kept as SM3 hashes; logout revokes.
CREATE TABLE session (
  session_id       text PRIMARY KEY,
  subject_kind     text NOT NULL CHECK (subject_kind IN ('MEMBER', 'EMPLOYER', 'STAFF')),
  subject_id       text NOT NULL,
  roles            text[] NOT NULL DEFAULT '{}',
  app_id           text NOT NULL,
  refresh_hash     text NOT NULL UNIQUE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  refresh_expires  timestamptz NOT NULL,
  revoked_at       timestamptz
);
CREATE INDEX session_subject ON session (subject_kind, subject_id);
