-- Partial prepayment (部分提前还款): the borrower asks to repay part of the principal ahead, online or at the counter;
-- the center's review flow (data: 审核, 审批) decides; approved, what the loan owes that day, the principal and its
-- interest since the last due date are collected (fund at once, or the card as a single collection) and the rest of
-- the schedule is recomputed: a shorter term at about the same installment, or the same term at a lower one.
CREATE SEQUENCE loan_prepayment_number START 100000001;
CREATE TABLE loan_prepayment (
  prepayment_id   text PRIMARY KEY CHECK (prepayment_id ~ '^PP[0-9]{9}$'),
  contract_id     text NOT NULL REFERENCES loan_contract (contract_id),
  person_id       text NOT NULL,
  principal       numeric(18, 2) NOT NULL CHECK (principal > 0),
  option          text NOT NULL CHECK (option IN ('SHORTEN_TERM', 'LOWER_INSTALLMENT')),
  source          text NOT NULL CHECK (source IN ('CARD', 'FUND')),
  state           text NOT NULL CHECK (state IN ('IN_REVIEW', 'RETURNED', 'COLLECTING', 'DONE', 'FAILED', 'REFUSED',
                                                 'CANCELLED')),
  reason          text,
  value_date      date,
  amount          numeric(18, 2),
  quote           jsonb,
  instruction_id  uuid UNIQUE,
  requested_by    text NOT NULL,
  channel         text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX loan_prepayment_one_open ON loan_prepayment (contract_id)
  WHERE state IN ('IN_REVIEW', 'RETURNED', 'COLLECTING');

INSERT INTO review_flow (business_type, version, effective_from, title, steps, note) VALUES
  ('LOAN_PREPAYMENT', 1, '2015-01-01T00:00:00+08:00', '住房公积金贷款部分提前还款',
   '[{"step": "FIRST_REVIEW", "name": "审核", "role": "REVIEWER"},
     {"step": "APPROVAL", "name": "审批", "role": "APPROVER"}]',
   '部分提前还款：审核由审核人员办理，审批由审批人员办理；两个环节须由不同人员办理');

UPDATE service_item SET operations = ARRAY['applyLoanPrepayment', 'listLoanPrepayments', 'cancelLoanPrepayment']
 WHERE code = 'DK03';
