-- Settlement dispatch (issue 7). An instruction is claimed by one dispatcher (FOR UPDATE SKIP LOCKED) and marked
-- SENT with a lease before the bank is called, so a dispatcher that dies mid-call leaves a SENT row whose lease
-- expires: it becomes UNKNOWN and is resolved by a result query with the same serial, never sent blindly again.
--   PENDING → SENT → SUCCEEDED | FAILED | UNKNOWN;  UNKNOWN → (query) → SUCCEEDED | FAILED | MANUAL_REVIEW
--   SENT → PENDING only when the bank certainly did not receive it (no connection, the guard refused the call).
ALTER TABLE settlement_instruction DROP CONSTRAINT settlement_instruction_status_check;
ALTER TABLE settlement_instruction ADD CONSTRAINT settlement_instruction_status_check
  CHECK (status IN ('HELD', 'PENDING', 'CANCELLED', 'SENT', 'SUCCEEDED', 'FAILED', 'UNKNOWN', 'MANUAL_REVIEW'));
ALTER TABLE settlement_instruction
  ADD COLUMN attempts       integer NOT NULL DEFAULT 0,  -- sends (each with the same serial)
  ADD COLUMN checks         integer NOT NULL DEFAULT 0,  -- result queries while UNKNOWN
  ADD COLUMN lease_owner    text,
  ADD COLUMN lease_until    timestamptz,
  ADD COLUMN next_at        timestamptz NOT NULL DEFAULT now(),  -- not before: the next send or query
  ADD COLUMN sent_on        date,         -- the business date of the first send: the key of the result query
  ADD COLUMN last_sent_at   timestamptz,
  ADD COLUMN host_seq_no    text,
  ADD COLUMN return_code    text,
  ADD COLUMN return_message text,
  ADD COLUMN finished_at    timestamptz,
  ADD COLUMN resolved_by    text,         -- an operator's resolution of MANUAL_REVIEW
  -- The partner bank that pays (or collects): the payee's own bank when it is a partner bank, else the clearing
  -- bank (interbank). Fixed at the first send: queries go to the bank that was sent the message.
  ADD COLUMN paying_bank    text CHECK (paying_bank ~ '^[0-9]{3}$');
CREATE INDEX settlement_instruction_pending_due ON settlement_instruction (bank_code, next_at) WHERE status = 'PENDING';
CREATE INDEX settlement_instruction_unknown_due ON settlement_instruction (paying_bank, next_at) WHERE status = 'UNKNOWN';
CREATE INDEX settlement_instruction_in_flight ON settlement_instruction (lease_until) WHERE status = 'SENT';
CREATE INDEX settlement_instruction_review ON settlement_instruction (created_at) WHERE status = 'MANUAL_REVIEW';
CREATE INDEX settlement_instruction_by_ref ON settlement_instruction (business_ref);

-- Every exchange with a bank about an instruction, append-only: what was asked, what came back, by which instance.
CREATE TABLE settlement_attempt (
  attempt_id     bigserial PRIMARY KEY,
  instruction_id uuid NOT NULL REFERENCES settlement_instruction (instruction_id),
  kind           text NOT NULL CHECK (kind IN ('SEND', 'QUERY', 'RESOLVE')),
  outcome        text NOT NULL,
  return_code    text,
  message        text,
  host_seq_no    text,
  instance       text NOT NULL,
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settlement_attempt_by_instruction ON settlement_attempt (instruction_id, at);
CREATE FUNCTION settlement_attempt_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'settlement_attempt is append-only';
END $$;
CREATE TRIGGER settlement_attempt_no_change BEFORE UPDATE OR DELETE ON settlement_attempt
  FOR EACH ROW EXECUTE FUNCTION settlement_attempt_append_only();

-- The center's special account (住房公积金专户) at each partner bank: the payer of payments, the payee of collections.
ALTER TABLE partner_bank
  ADD COLUMN center_account_no   text,
  ADD COLUMN center_account_name text;
UPDATE partner_bank SET center_account_no = '3502' || bank_code || '00000001',
                        center_account_name = '住房公积金管理中心专户' WHERE center_account_no IS NULL;

-- A withdrawal whose payment the bank refused definitely: the money is back on the member's account.
ALTER TABLE withdrawal_application DROP CONSTRAINT withdrawal_application_status_check;
ALTER TABLE withdrawal_application ADD CONSTRAINT withdrawal_application_status_check
  CHECK (status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED', 'REJECTED', 'CANCELLED', 'PAID', 'PAYMENT_FAILED'));
