-- Agreed periodic withdrawals (约定提取): a member agrees a monthly rent withdrawal for a year (renewable); a job
-- applies it once per agreement and month. The run row is the once-per-period guard and keeps the outcome.
CREATE SEQUENCE withdrawal_agreement_number START 100000001;
CREATE TABLE withdrawal_agreement (
  agreement_id    text PRIMARY KEY CHECK (agreement_id ~ '^A[0-9]{9}$'),
  person_id       text NOT NULL REFERENCES person (person_id),
  reason          text NOT NULL CHECK (reason ~ '^[0-9]{2}$'),
  monthly_amount  numeric(18, 2) NOT NULL CHECK (monthly_amount > 0),
  starts_on       date NOT NULL,
  ends_on         date NOT NULL CHECK (ends_on >= starts_on),
  status          text NOT NULL CHECK (status IN ('ACTIVE', 'TERMINATED')),
  app_id          text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX withdrawal_agreement_one_active ON withdrawal_agreement (person_id, reason) WHERE status = 'ACTIVE';

CREATE TABLE withdrawal_agreement_run (
  agreement_id    text NOT NULL REFERENCES withdrawal_agreement (agreement_id),
  period          text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  outcome         text NOT NULL,
  application_id  text REFERENCES withdrawal_application (application_id),
  ran_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agreement_id, period)
);
