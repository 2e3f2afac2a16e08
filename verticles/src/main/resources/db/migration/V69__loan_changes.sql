-- Post-loan changes (贷后变更): a longer term (延长贷款期限), another repayment method (调整月还款额), another repayment
-- card (变更还款账户). The borrower asks online or at the counter; the review flow LOAN_CHANGE decides; on approval the
-- change applies that day (a new schedule version for term and method, a new settlement payee for the card). A loan
-- owing anything that day, or with a payment in flight, is not changed (FAILED with the reason).
CREATE SEQUENCE loan_change_number START 100000001;
CREATE TABLE loan_change (
  change_id       text PRIMARY KEY CHECK (change_id ~ '^BG[0-9]{9}$'),
  contract_id     text NOT NULL REFERENCES loan_contract (contract_id),
  person_id       text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('EXTEND_TERM', 'CHANGE_METHOD', 'CHANGE_CARD')),
  term_months     integer CHECK (term_months BETWEEN 1 AND 360),
  repayment_method text CHECK (repayment_method IN ('01', '02')),
  -- The new card: SM4-GCM encrypted (row key = change id), bank code in clear, shown masked.
  card_bank_code  text CHECK (card_bank_code ~ '^[0-9]{3}$'),
  card_enc        text,
  card_masked     text,
  state           text NOT NULL CHECK (state IN ('IN_REVIEW', 'RETURNED', 'DONE', 'FAILED', 'REFUSED', 'CANCELLED')),
  reason          text,
  applied_on      date,
  requested_by    text NOT NULL,
  channel         text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'EXTEND_TERM') = (term_months IS NOT NULL)),
  CHECK ((kind = 'CHANGE_METHOD') = (repayment_method IS NOT NULL)),
  CHECK ((kind = 'CHANGE_CARD') = (card_enc IS NOT NULL))
);
CREATE UNIQUE INDEX loan_change_one_open ON loan_change (contract_id) WHERE state IN ('IN_REVIEW', 'RETURNED');

INSERT INTO review_flow (business_type, version, effective_from, title, steps, note) VALUES
  ('LOAN_CHANGE', 1, '2015-01-01T00:00:00+08:00', '住房公积金贷款变更',
   '[{"step": "FIRST_REVIEW", "name": "审核", "role": "REVIEWER"},
     {"step": "APPROVAL", "name": "审批", "role": "APPROVER"}]',
   '贷后变更（延长期限、调整还款方式、变更还款账户）：审核由审核人员办理，审批由审批人员办理');

UPDATE service_item SET operations = ARRAY['applyLoanChange', 'listLoanChanges', 'cancelLoanChange']
 WHERE code IN ('DK05', 'DK06', 'DK07');
