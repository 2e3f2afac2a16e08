-- Loan servicing (贷后): what an active loan receives until it is settled. Each receipt (a card deduction, later the
-- fund offset, prepayment and payoff) is one repayment record with its split per installment and part, and one
-- balanced ledger transaction: the center's bank (or the member's fund) against the loan receivable (principal), the
-- interest income and the penalty income.

ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_kind_check;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_kind_check
  CHECK (kind IN ('MEMBER', 'EMPLOYER_SUSPENSE', 'CENTER_BANK', 'PAYABLE_IN_TRANSIT', 'RECEIVABLE_IN_TRANSIT',
                  'INTEREST_EXPENSE', 'SUSPENSE', 'OPENING_BALANCE', 'LOAN_RECEIVABLE', 'LOAN_INTEREST_INCOME',
                  'LOAN_PENALTY_INCOME'));
-- Every repayment credits the interest income: spread it over balance buckets like the other hot accounts.
CREATE OR REPLACE FUNCTION ledger_buckets_for(kind text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN kind IN ('CENTER_BANK', 'PAYABLE_IN_TRANSIT', 'INTEREST_EXPENSE', 'LOAN_INTEREST_INCOME',
                            'LOAN_PENALTY_INCOME') THEN 16 ELSE 1 END::smallint
$$;
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name, buckets) VALUES
  ('INCOME:loan-interest', 'LOAN_INTEREST_INCOME', 'CREDIT', false, '贷款利息收入', ledger_buckets_for('LOAN_INTEREST_INCOME')),
  ('INCOME:loan-penalty', 'LOAN_PENALTY_INCOME', 'CREDIT', false, '贷款罚息收入', ledger_buckets_for('LOAN_PENALTY_INCOME'))
ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id, bucket)
SELECT a.account_id, generate_series(0, a.buckets - 1) FROM ledger_account a
 WHERE a.account_id IN ('INCOME:loan-interest', 'INCOME:loan-penalty')
ON CONFLICT (account_id, bucket) DO NOTHING;

-- A loan is SETTLED (结清) once every installment is received in full; the repayment card is registered with the
-- settlement room as a payee (its number encrypted there) the first time a deduction needs it.
ALTER TABLE loan_contract DROP CONSTRAINT loan_contract_state_check;
ALTER TABLE loan_contract ADD CONSTRAINT loan_contract_state_check
  CHECK (state IN ('SIGNED', 'PRE_REGISTERED', 'DISBURSING', 'ACTIVE', 'DISBURSEMENT_FAILED', 'SETTLED'));
ALTER TABLE loan_contract ADD COLUMN repayment_payee_id bigint;
ALTER TABLE loan_contract ADD COLUMN settled_on date;
-- The due date of the oldest installment not received in full (null once settled): the day's deductions and the
-- overdue figures read it instead of every loan's whole schedule.
ALTER TABLE loan_contract ADD COLUMN next_due_on date;
UPDATE loan_contract c SET next_due_on = (SELECT min(i.due_on) FROM loan_installment i WHERE i.contract_id = c.contract_id)
 WHERE c.state = 'ACTIVE';
CREATE INDEX loan_contract_next_due ON loan_contract (next_due_on) WHERE state = 'ACTIVE';

-- Deductions from the repayment card (扣款): one attempt per loan and day at most, and one in flight per loan, so a
-- period is never asked for twice at once; the amount is everything owed on the attempt's day. The bank's answer
-- comes back through the settlement outbox (business reference loanrepay:<deduction id>).
CREATE TABLE loan_deduction (
  deduction_id    uuid PRIMARY KEY,
  contract_id     text NOT NULL REFERENCES loan_contract (contract_id),
  attempt_on      date NOT NULL,
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0),
  state           text NOT NULL CHECK (state IN ('PENDING', 'SUCCEEDED', 'FAILED')),
  instruction_id  uuid UNIQUE,
  reason          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  UNIQUE (contract_id, attempt_on)
);
CREATE UNIQUE INDEX loan_deduction_one_in_flight ON loan_deduction (contract_id) WHERE state = 'PENDING';
CREATE INDEX loan_deduction_by_day ON loan_deduction (attempt_on, state);

-- Money received for a loan (还款记录), append-only: kind (JGJ/T 320 A.15: 02 normal, 04 overdue repayment, ...),
-- where it came from, the value date the split was computed for, and the ledger transaction that booked it.
CREATE TABLE loan_repayment (
  repayment_id   uuid PRIMARY KEY,
  contract_id    text NOT NULL REFERENCES loan_contract (contract_id),
  detail_type    text NOT NULL CHECK (detail_type ~ '^[0-9]{2}$'),
  source         text NOT NULL CHECK (source IN ('CARD', 'FUND', 'COUNTER')),
  business_ref   text NOT NULL UNIQUE,
  value_date     date NOT NULL,
  amount         numeric(18, 2) NOT NULL CHECK (amount > 0),
  principal      numeric(18, 2) NOT NULL CHECK (principal >= 0),
  interest       numeric(18, 2) NOT NULL CHECK (interest >= 0),
  penalty        numeric(18, 2) NOT NULL CHECK (penalty >= 0),
  ledger_txn     uuid NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (amount = principal + interest + penalty)
);
CREATE INDEX loan_repayment_by_contract ON loan_repayment (contract_id, value_date);
CREATE TABLE loan_repayment_part (
  repayment_id  uuid NOT NULL REFERENCES loan_repayment (repayment_id),
  contract_id   text NOT NULL,
  period        integer NOT NULL,
  part          text NOT NULL CHECK (part IN ('PENALTY', 'INTEREST', 'PRINCIPAL')),
  overdue       boolean NOT NULL,
  amount        numeric(18, 2) NOT NULL CHECK (amount > 0),
  value_date    date NOT NULL,
  PRIMARY KEY (repayment_id, period, part),
  FOREIGN KEY (contract_id, period) REFERENCES loan_installment (contract_id, period)
);
CREATE INDEX loan_repayment_part_by_contract ON loan_repayment_part (contract_id, period);
CREATE TRIGGER loan_repayment_append_only BEFORE UPDATE OR DELETE ON loan_repayment
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER loan_repayment_no_truncate BEFORE TRUNCATE ON loan_repayment
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER loan_repayment_part_append_only BEFORE UPDATE OR DELETE ON loan_repayment_part
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER loan_repayment_part_no_truncate BEFORE TRUNCATE ON loan_repayment_part
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- The overdue rules (Beijing's as the default): grace from the 3rd day after the due date for 5 days with a deduction
-- each day, penalty interest 1.5 × the contract rate over 360 days from the day after the due date, an SMS reminder
-- 3 days before each due date.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('loan.overdue.grace_start_days',   '2005-01-01', '3',   '宽限期自应还日后第几日开始 [city]'),
  ('loan.overdue.grace_days',         '2005-01-01', '5',   '宽限期天数：期内每日扣款，期内还清不计罚息 [city]'),
  ('loan.overdue.penalty_factor',     '2005-01-01', '1.5', '逾期罚息利率为合同利率的倍数'),
  ('loan.overdue.day_basis',          '2005-01-01', '360', '罚息日利率 = 年利率 × 倍数 / 该天数'),
  ('loan.overdue.reminder_days_before', '2005-01-01', '3', '应还日前几日短信提醒 [city]');

-- The loan information query (DK08) also lists a loan's repayments.
UPDATE service_item SET operations = operations || ARRAY['listLoanRepayments'] WHERE code = 'DK08';
