-- Loan deductions in batch files (BDC105): a collection from a borrower's repayment card may carry the
-- principal/interest/penalty split of what it collects (the content of BDC106), written by the loan room with the
-- instruction; the parts are all given or none, and sum to the amount exactly.
ALTER TABLE settlement_instruction
  ADD COLUMN split_principal numeric(18, 2),
  ADD COLUMN split_interest  numeric(18, 2),
  ADD COLUMN split_penalty   numeric(18, 2),
  ADD CONSTRAINT settlement_instruction_split CHECK (
    (split_principal IS NULL AND split_interest IS NULL AND split_penalty IS NULL)
    OR (direction = 'COLLECT' AND split_principal >= 0 AND split_interest >= 0 AND split_penalty >= 0
        AND split_principal + split_interest + split_penalty = amount));

-- What a batch file holds: same-bank payouts (BDC103) or loan deductions (BDC105). Polling (BDC107), the result
-- file (BDC108) and row queries (BDC110) are the same for both.
ALTER TABLE settlement_batch
  ADD COLUMN kind text NOT NULL DEFAULT 'PAYMENT' CHECK (kind IN ('PAYMENT', 'LOAN_DEDUCTION'));

-- A file is BUILDING (rows claimed, the file being written and checked) until the moment it is handed to the bank
-- (SUBMITTING). A file whose instance died while BUILDING never left: its rows go back to PENDING (NOT_SENT) rather
-- than to result queries the bank could never answer.
--   BUILDING → SUBMITTING → ... (V40);  BUILDING → NOT_SENT
ALTER TABLE settlement_batch DROP CONSTRAINT settlement_batch_state_check;
ALTER TABLE settlement_batch ADD CONSTRAINT settlement_batch_state_check
  CHECK (state IN ('BUILDING', 'SUBMITTING', 'PROCESSING', 'DONE', 'PARTLY_DONE', 'FAILED', 'NOT_SENT', 'UNKNOWN'));
-- Housekeeping looks for files whose instance died before the bank answered, every poll interval.
CREATE INDEX settlement_batch_unsent ON settlement_batch (lease_until) WHERE state IN ('BUILDING', 'SUBMITTING');
