-- Flexible employment depositors (灵活就业人员缴存): people with no employer who sign a deposit agreement, choose a
-- monthly amount within the policy's bounds and deposit month by month; they may change the amount, pause, resume
-- and exit. Their account is an ordinary member account of depositor type FLEXIBLE (interest, withdrawals and
-- certificates as for everyone), their money comes in through a bank account of its own (accounted separately).

-- Who deposits into an account: an employer's member (EMPLOYEE, the employer always named) or the person itself
-- (FLEXIBLE, no employer). An account changes type only when a sealed one is reused (启封) by the other kind.
ALTER TABLE member_account ADD COLUMN depositor_type text NOT NULL DEFAULT 'EMPLOYEE'
  CHECK (depositor_type IN ('EMPLOYEE', 'FLEXIBLE'));
ALTER TABLE member_account ALTER COLUMN employer_id DROP NOT NULL;
ALTER TABLE member_account ADD CONSTRAINT member_account_employer_unless_flexible
  CHECK ((employer_id IS NULL) = (depositor_type = 'FLEXIBLE'));
-- Sealing and unsealing of a flexible depositor's account are kept in the same history, without an employer.
ALTER TABLE member_account_event ALTER COLUMN employer_id DROP NOT NULL;

-- The center's bank account that receives flexible depositors' money (灵活就业缴存专户), apart from employers' money.
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name)
VALUES ('BANK:flexible', 'CENTER_BANK', 'DEBIT', false, '灵活就业缴存专户') ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id) VALUES ('BANK:flexible') ON CONFLICT (account_id) DO NOTHING;

-- 灵活就业缴存协议: the state of one agreement (ACTIVE, PAUSED, EXITED) and its monthly amount; every change is a row
-- of flexible_agreement_change. A person has at most one agreement that is not exited.
CREATE SEQUENCE flexible_agreement_number START 100000001;
CREATE TABLE flexible_agreement (
  agreement_id    text PRIMARY KEY CHECK (agreement_id ~ '^F[0-9]{9}$'),
  person_id       text NOT NULL REFERENCES person (person_id),
  account_no      text NOT NULL REFERENCES member_account (account_no),
  status          text NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED', 'EXITED')),
  monthly_amount  numeric(18, 2) NOT NULL CHECK (monthly_amount > 0),
  signed_on       date NOT NULL,
  exited_on       date CHECK (exited_on >= signed_on),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'EXITED') = (exited_on IS NOT NULL))
);
CREATE UNIQUE INDEX flexible_agreement_one_open ON flexible_agreement (person_id) WHERE status <> 'EXITED';
CREATE INDEX flexible_agreement_person ON flexible_agreement (person_id, created_at DESC);

CREATE TABLE flexible_agreement_change (
  change_id       bigserial PRIMARY KEY,
  agreement_id    text NOT NULL REFERENCES flexible_agreement (agreement_id),
  event           text NOT NULL CHECK (event IN ('SIGNED', 'AMOUNT_CHANGED', 'PAUSED', 'RESUMED', 'EXITED')),
  old_status      text,
  status          text NOT NULL,
  old_amount      numeric(18, 2),
  monthly_amount  numeric(18, 2) NOT NULL,
  reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
  actor           text NOT NULL,
  actor_kind      text NOT NULL,
  channel         text NOT NULL,
  request_id      text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flexible_agreement_change_agreement ON flexible_agreement_change (agreement_id, change_id DESC);

-- 自愿缴存: one deposit per account and month (the unique key decides when two are recorded at once), with the ledger
-- transaction that moved the money (bank → member account, business type 01).
CREATE SEQUENCE flexible_deposit_number START 100000001;
CREATE TABLE flexible_deposit (
  deposit_id      text PRIMARY KEY CHECK (deposit_id ~ '^D[0-9]{9}$'),
  agreement_id    text NOT NULL REFERENCES flexible_agreement (agreement_id),
  account_no      text NOT NULL REFERENCES member_account (account_no),
  person_id       text NOT NULL REFERENCES person (person_id),
  month           text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0),
  ledger_txn      uuid NOT NULL REFERENCES ledger_transaction (txn_id),
  recorded_by     text NOT NULL,
  request_id      text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_no, month)
);
CREATE INDEX flexible_deposit_person ON flexible_deposit (person_id, month DESC);

CREATE TRIGGER flexible_agreement_change_no_update BEFORE UPDATE OR DELETE ON flexible_agreement_change
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER flexible_deposit_no_update BEFORE UPDATE OR DELETE ON flexible_deposit
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER flexible_agreement_change_no_truncate BEFORE TRUNCATE ON flexible_agreement_change
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER flexible_deposit_no_truncate BEFORE TRUNCATE ON flexible_deposit
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
