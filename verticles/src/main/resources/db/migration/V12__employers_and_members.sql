-- Employers (缴存单位) and member accounts (个人账户). Status codes follow JGJ/T 320: employer A.4
-- (01 normal, 02 opened, 03 deferred, 04 closed, 05 sealed), member A.6 (01 normal, 02 sealed, ...).
-- Balances live in the ledger (one MEMBER account per member account); these rows hold what the business needs.
CREATE SEQUENCE employer_number START 10000001;
CREATE SEQUENCE member_account_number START 100000001;

CREATE TABLE employer (
  employer_id      text PRIMARY KEY CHECK (employer_id ~ '^E[0-9]{8}$'),
  credit_code      text NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name             text NOT NULL,
  status           text NOT NULL DEFAULT '01' CHECK (status IN ('01', '02', '03', '04', '05', '99')),
  employer_ratio   numeric(5, 4) NOT NULL,
  member_ratio     numeric(5, 4) NOT NULL,
  opened_on        date NOT NULL,
  paid_through     text CHECK (paid_through ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member_account (
  account_no       text PRIMARY KEY CHECK (account_no ~ '^A[0-9]{9}$'),
  person_id        text NOT NULL REFERENCES person (person_id),
  employer_id      text NOT NULL REFERENCES employer (employer_id),
  status           text NOT NULL DEFAULT '01' CHECK (status IN ('01', '02', '03', '04', '05', '06', '99')),
  base             numeric(18, 2) NOT NULL CHECK (base > 0),
  monthly_employer numeric(18, 2) NOT NULL CHECK (monthly_employer >= 0),
  monthly_member   numeric(18, 2) NOT NULL CHECK (monthly_member >= 0),
  opened_on        date NOT NULL,
  ledger_account   text NOT NULL UNIQUE REFERENCES ledger_account (account_id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
-- One active (normal) account per person across the center.
CREATE UNIQUE INDEX member_account_one_active ON member_account (person_id) WHERE status = '01';
CREATE INDEX member_account_employer ON member_account (employer_id, status);

-- Person numbers for people registered by business operations (the sandbox's demo people use P0000000x).
CREATE SEQUENCE person_number START 10000001;
