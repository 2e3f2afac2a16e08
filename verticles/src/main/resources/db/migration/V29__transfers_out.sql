-- Transfer-out to another center (异地转移接续, 转出): a sealed account's whole balance, with interest accrued to the
-- transfer date, goes to the receiving center's account through a settlement instruction (BusType 17), and the
-- account takes status 04 (外部转出销户). Cancellable while the instruction is still pending.
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name)
VALUES ('PAYABLE:transfers', 'PAYABLE_IN_TRANSIT', 'CREDIT', false, '转移在途应付') ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id) VALUES ('PAYABLE:transfers') ON CONFLICT (account_id) DO NOTHING;

CREATE SEQUENCE transfer_number START 100000001;
CREATE TABLE transfer_out (
  transfer_id     text PRIMARY KEY CHECK (transfer_id ~ '^T[0-9]{9}$'),
  person_id       text NOT NULL REFERENCES person (person_id),
  account_no      text NOT NULL REFERENCES member_account (account_no),
  target_center   text NOT NULL CHECK (target_center ~ '^[0-9A-Z]{6,12}$'),
  target_name     text NOT NULL CHECK (length(target_name) BETWEEN 1 AND 100),
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0),
  interest        numeric(18, 2) NOT NULL CHECK (interest >= 0),
  status          text NOT NULL CHECK (status IN ('APPROVED', 'CANCELLED')),
  ledger_txn      uuid NOT NULL REFERENCES ledger_transaction (txn_id),
  interest_txn    uuid REFERENCES ledger_transaction (txn_id),
  instruction_id  uuid NOT NULL REFERENCES settlement_instruction (instruction_id),
  requested_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transfer_out_by_person ON transfer_out (person_id, created_at DESC);
-- One transfer in flight per account.
CREATE UNIQUE INDEX transfer_out_one_approved ON transfer_out (account_no) WHERE status = 'APPROVED';
