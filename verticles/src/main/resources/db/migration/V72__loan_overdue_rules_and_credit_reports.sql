-- Beijing's overdue rules. After an installment that went overdue, the next one has no grace period (对于上期贷款已逾期的
-- 借款人，本期不再设置宽限期); a loan still owing an installment 15 days after its due date is reported to the credit
-- reference system as overdue (征信上报时点 T+15), and reported again as cleared once that installment is paid.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('loan.overdue.grace_after_overdue.enabled', '2005-01-01', 'false',
   '上期逾期的借款人本期仍设宽限期（false：不再设宽限期）[city]'),
  ('loan.overdue.credit_report_days', '2005-01-01', '15', '应还日后第几日仍未还清的逾期报送征信（T+N）[city]');

-- One line per installment and kind, never changed: OVERDUE on the report day, CLEARED on the day it is found paid.
-- The credit reference front-end (征信前置) takes the day's lines; the unique key makes the daily run idempotent.
CREATE TABLE loan_credit_report (
  contract_id   text NOT NULL REFERENCES loan_contract (contract_id),
  period        integer NOT NULL CHECK (period >= 1),
  kind          text NOT NULL CHECK (kind IN ('OVERDUE', 'CLEARED')),
  report_on     date NOT NULL,
  due_on        date NOT NULL,
  person_id     text NOT NULL,
  principal     numeric(18, 2) NOT NULL CHECK (principal >= 0),
  interest      numeric(18, 2) NOT NULL CHECK (interest >= 0),
  penalty       numeric(18, 2) NOT NULL CHECK (penalty >= 0),
  overdue_periods integer NOT NULL CHECK (overdue_periods >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, period, kind)
);
CREATE INDEX loan_credit_report_day ON loan_credit_report (report_on);
