-- Direct debit of remittances (委托收款): an employer authorises the center to collect its lists from one bank
-- account; a collection is a settlement instruction in the COLLECT direction (its payee columns name the account
-- debited), written in the same transaction that marks the list COLLECTING. While collecting, the list cannot be
-- paid any other way, so a bank collection and a transfer never both credit it.
ALTER TABLE settlement_instruction
  ADD COLUMN direction text NOT NULL DEFAULT 'PAY' CHECK (direction IN ('PAY', 'COLLECT'));

ALTER TABLE remittance DROP CONSTRAINT remittance_status_check;
ALTER TABLE remittance ADD CONSTRAINT remittance_status_check CHECK (status IN ('DUE', 'COLLECTING', 'PAID'));
ALTER TABLE remittance ADD COLUMN collection_instruction uuid REFERENCES settlement_instruction (instruction_id);
CREATE UNIQUE INDEX remittance_by_collection ON remittance (collection_instruction) WHERE collection_instruction IS NOT NULL;

CREATE TABLE direct_debit_authorization (
  authorization_id bigserial PRIMARY KEY,
  employer_id      text NOT NULL REFERENCES employer (employer_id),
  payee_id         bigint NOT NULL REFERENCES payee_account (payee_id),
  signed_by        text NOT NULL,
  signed_at        timestamptz NOT NULL DEFAULT now(),
  revoked_by       text,
  revoked_at       timestamptz,
  CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);
CREATE UNIQUE INDEX direct_debit_current ON direct_debit_authorization (employer_id) WHERE revoked_at IS NULL;
