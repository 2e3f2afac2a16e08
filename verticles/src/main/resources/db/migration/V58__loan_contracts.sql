-- Loan contracts (借款合同) and their disbursement (放款): an approved application becomes a contract the borrower
-- signs (an SM2-signed document of the terms and the schedule), the mortgage pre-registration (抵押权预告登记) is
-- checked with the real estate registry, and the money goes to the seller's account through the settlement outbox
-- (BusType 04). The loan is ACTIVE with its schedule fixed once the bank confirms the payment.

-- Each loan is its own receivable (debit-normal, never negative): its balance is the principal outstanding.
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_kind_check;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_kind_check
  CHECK (kind IN ('MEMBER', 'EMPLOYER_SUSPENSE', 'CENTER_BANK', 'PAYABLE_IN_TRANSIT', 'RECEIVABLE_IN_TRANSIT',
                  'INTEREST_EXPENSE', 'SUSPENSE', 'OPENING_BALANCE', 'LOAN_RECEIVABLE'));
-- Loan postings carry the loan business detail type of JGJ/T 320 A.15 behind an L (L01 disbursement, L02 repayment
-- ...), so they never read as the collection and withdrawal types (A.5) the two digits already stand for.
ALTER TABLE ledger_transaction DROP CONSTRAINT ledger_transaction_business_type_check;
ALTER TABLE ledger_transaction ADD CONSTRAINT ledger_transaction_business_type_check
  CHECK (business_type ~ '^(L)?[0-9]{2}$');

-- An approved application is CONTRACTED once its contract is signed; it still counts as the borrower's open one.
ALTER TABLE loan_application DROP CONSTRAINT loan_application_state_check;
ALTER TABLE loan_application ADD CONSTRAINT loan_application_state_check
  CHECK (state IN ('SUBMITTED', 'VERIFYING', 'IN_REVIEW', 'RETURNED', 'APPROVED', 'CONTRACTED', 'REFUSED',
                   'CANCELLED'));
DROP INDEX loan_application_one_open;
CREATE UNIQUE INDEX loan_application_one_open ON loan_application (person_id)
  WHERE state IN ('SUBMITTED', 'VERIFYING', 'IN_REVIEW', 'RETURNED', 'APPROVED', 'CONTRACTED');

CREATE SEQUENCE loan_contract_number START 100000001;
CREATE TABLE loan_contract (
  contract_id          text PRIMARY KEY CHECK (contract_id ~ '^HT[0-9]{9}$'),
  application_id       text NOT NULL UNIQUE REFERENCES loan_application (application_id),
  person_id            text NOT NULL REFERENCES person (person_id),
  account_no           text NOT NULL REFERENCES member_account (account_no),
  principal            numeric(18, 2) NOT NULL CHECK (principal > 0),
  term_months          integer NOT NULL CHECK (term_months BETWEEN 1 AND 360),
  repayment_method     text NOT NULL CHECK (repayment_method IN ('01', '02')),
  home_ordinal         smallint NOT NULL CHECK (home_ordinal IN (1, 2)),
  house_contract_no    text NOT NULL,
  -- The seller's or developer's account the loan is paid to (the settlement room's payee, number encrypted there).
  payee_id             bigint NOT NULL,
  payee_name           text NOT NULL,
  payee_bank_code      text NOT NULL CHECK (payee_bank_code ~ '^[0-9]{3}$'),
  payee_masked         text NOT NULL,
  -- The signed document (canonical JSON + SM2 by the center's key), and who signed for the borrower, where.
  document             jsonb NOT NULL,
  signed_by            text NOT NULL,
  signed_channel       text NOT NULL,
  signed_at            timestamptz NOT NULL,
  pre_registration_no  text,
  state                text NOT NULL CHECK (state IN ('SIGNED', 'PRE_REGISTERED', 'DISBURSING', 'ACTIVE',
                                                      'DISBURSEMENT_FAILED')),
  state_reason         text,
  -- Fixed when the bank confirms: the rate in force on the disbursement day and the first due date follow from it.
  annual_rate          numeric(9, 6),
  disbursed_on         date,
  requested_by         text,
  instruction_id       uuid,
  ledger_txn           uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (state <> 'ACTIVE' OR (annual_rate IS NOT NULL AND disbursed_on IS NOT NULL))
);
CREATE INDEX loan_contract_by_person ON loan_contract (person_id);
CREATE INDEX loan_contract_by_state ON loan_contract (state);

-- The repayment schedule (还款计划), written once when the loan becomes active; changes (prepayment, repricing) will
-- add versions, never rewrite rows.
CREATE TABLE loan_installment (
  contract_id        text NOT NULL REFERENCES loan_contract (contract_id),
  period             integer NOT NULL CHECK (period BETWEEN 1 AND 360),
  due_on             date NOT NULL,
  principal          numeric(18, 2) NOT NULL CHECK (principal >= 0),
  interest           numeric(18, 2) NOT NULL CHECK (interest >= 0),
  payment            numeric(18, 2) NOT NULL CHECK (payment = principal + interest),
  outstanding_after  numeric(18, 2) NOT NULL CHECK (outstanding_after >= 0),
  PRIMARY KEY (contract_id, period)
);
CREATE TRIGGER loan_installment_append_only BEFORE UPDATE OR DELETE ON loan_installment
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER loan_installment_no_truncate BEFORE TRUNCATE ON loan_installment
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Every state the contract entered, with who moved it and why (append-only).
CREATE TABLE loan_contract_history (
  contract_id  text NOT NULL REFERENCES loan_contract (contract_id),
  seq          integer NOT NULL,
  state        text NOT NULL,
  reason       text,
  actor        text NOT NULL,
  entered_at   timestamptz NOT NULL,
  PRIMARY KEY (contract_id, seq)
);
CREATE TRIGGER loan_contract_history_append_only BEFORE UPDATE OR DELETE ON loan_contract_history
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER loan_contract_history_no_truncate BEFORE TRUNCATE ON loan_contract_history
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- Money on its way to the sellers: credited when a disbursement is booked, debited when the bank confirms.
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name, buckets)
VALUES ('PAYABLE:loan-disbursements', 'PAYABLE_IN_TRANSIT', 'CREDIT', false, '应付贷款发放款',
        ledger_buckets_for('PAYABLE_IN_TRANSIT'))
ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id, bucket)
SELECT 'PAYABLE:loan-disbursements', generate_series(0, ledger_buckets_for('PAYABLE_IN_TRANSIT') - 1)
ON CONFLICT (account_id, bucket) DO NOTHING;
