-- Individual operator accounts for the admin listener (三员分立): exactly one role per account, a PBKDF2-HMAC-SM3
-- password, a TOTP secret encrypted with the field cipher, and the counters of the per-account lockout.
CREATE TABLE operator_account (
  username             text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name         text NOT NULL,
  role                 text NOT NULL CHECK (role IN ('SYSTEM_ADMIN', 'SECURITY_ADMIN', 'AUDITOR')),
  status               text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'DISABLED')),
  password_hash        text NOT NULL,
  -- An initial or reset password opens a session that may only change it.
  password_must_change boolean NOT NULL DEFAULT true,
  totp_secret_enc      text NOT NULL,
  -- The last accepted TOTP time step: a code is never accepted twice.
  totp_last_step       bigint NOT NULL DEFAULT 0,
  failed_attempts      integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Opaque bearer sessions: only the SM3 digest of the token is stored, so a database reader cannot sign in.
CREATE TABLE operator_session (
  token_hash   text PRIMARY KEY,
  username     text NOT NULL REFERENCES operator_account (username),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at     timestamptz,
  end_reason   text
);
CREATE INDEX operator_session_open ON operator_session (username) WHERE ended_at IS NULL;

-- Failed operator sign-ins per source address in the current window, across the cluster.
CREATE TABLE operator_login_source (
  source            text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  failures          integer NOT NULL
);
