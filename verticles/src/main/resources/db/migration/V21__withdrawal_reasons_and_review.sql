-- Withdrawal reasons beyond rent, verification results and the two-step review (初审/复审).
-- An application that is not approved automatically waits in FIRST_REVIEW, then SECOND_REVIEW; no money moves
-- until the second reviewer approves, so postings and the instruction exist only for APPROVED and PAID.
ALTER TABLE withdrawal_application DROP CONSTRAINT withdrawal_application_status_check;
ALTER TABLE withdrawal_application ADD CONSTRAINT withdrawal_application_status_check
  CHECK (status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'PAID'));
ALTER TABLE withdrawal_application ALTER COLUMN ledger_txn DROP NOT NULL;
ALTER TABLE withdrawal_application ALTER COLUMN instruction_id DROP NOT NULL;
ALTER TABLE withdrawal_application
  ADD COLUMN closing      boolean NOT NULL DEFAULT false,
  -- Reason-specific facts the member declared (purchase contract and price, loan contract); never identifiers.
  ADD COLUMN details      jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Interest accrued to the closing date (销户结息), posted together with a closing withdrawal.
  ADD COLUMN interest_txn uuid REFERENCES ledger_transaction (txn_id),
  -- Death (08): the heir who receives the money; the identity number SM4-GCM encrypted (row key = application id).
  -- The heir's account is a settlement payee (V26).
  ADD COLUMN heir_name      text,
  ADD COLUMN heir_id_enc    text,
  ADD CONSTRAINT withdrawal_money_when_approved
    CHECK (status NOT IN ('APPROVED', 'PAID') OR (ledger_txn IS NOT NULL AND instruction_id IS NOT NULL));

DROP INDEX withdrawal_one_in_flight;
CREATE UNIQUE INDEX withdrawal_one_in_flight ON withdrawal_application (person_id, reason)
  WHERE status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED');
CREATE INDEX withdrawal_review_queue ON withdrawal_application (status, created_at)
  WHERE status IN ('FIRST_REVIEW', 'SECOND_REVIEW');

-- What each data source said about an application (the evidence itself belongs to the data-source room).
CREATE TABLE withdrawal_check (
  application_id text NOT NULL REFERENCES withdrawal_application (application_id),
  source         text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('PASSED', 'FAILED', 'UNAVAILABLE')),
  detail         text NOT NULL,
  checked_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, source)
);

-- Review decisions, append-only: who decided what at which step and why.
CREATE TABLE withdrawal_review (
  application_id text NOT NULL REFERENCES withdrawal_application (application_id),
  stage          text NOT NULL CHECK (stage IN ('FIRST', 'SECOND')),
  decision       text NOT NULL CHECK (decision IN ('APPROVE', 'REJECT')),
  staff_id       text NOT NULL,
  comment        text NOT NULL,
  decided_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, stage)
);
CREATE TRIGGER withdrawal_review_append_only BEFORE UPDATE OR DELETE ON withdrawal_review
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER withdrawal_review_no_truncate BEFORE TRUNCATE ON withdrawal_review
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('withdrawal.retirement.male_age',            '2026-07-01', '60', '退休提取：男性年龄下限（周岁）[city]'),
  ('withdrawal.retirement.female_age',          '2026-07-01', '50', '退休提取：女性年龄下限（周岁）[city]'),
  ('withdrawal.loan_repayment.interval_months', '2026-07-01', '12', '偿还贷款提取：两次提取最短间隔（月）[city]');

-- Interest expense (利息支出): a closing withdrawal credits accrued interest any day, not only the annual job.
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name)
VALUES ('INTEREST:expense', 'INTEREST_EXPENSE', 'DEBIT', false, '利息支出') ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id) VALUES ('INTEREST:expense') ON CONFLICT (account_id) DO NOTHING;
