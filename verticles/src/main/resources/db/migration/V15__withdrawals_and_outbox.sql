-- Settlement outbox (结算指令): written in the same transaction as the postings that cause it; the settlement
-- issue adds the dispatcher that sends PENDING instructions to the banks. The serial number is the bank-side
-- idempotency key.
CREATE TABLE settlement_instruction (
  instruction_id  uuid PRIMARY KEY,
  serial_no       text NOT NULL UNIQUE,
  bus_type        text NOT NULL CHECK (bus_type ~ '^[0-9]{2}$'),
  bank_code       text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  payee_card_id   bigint NOT NULL REFERENCES bank_card (card_id),
  payee_name      text NOT NULL,
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0),
  status          text NOT NULL CHECK (status IN ('PENDING', 'CANCELLED')),
  business_ref    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settlement_instruction_pending ON settlement_instruction (created_at) WHERE status = 'PENDING';

-- Withdrawal applications (提取申请). Reason codes: JGJ/T 320 A.7.
CREATE SEQUENCE withdrawal_number START 100000001;
CREATE TABLE withdrawal_application (
  application_id  text PRIMARY KEY CHECK (application_id ~ '^W[0-9]{9}$'),
  person_id       text NOT NULL REFERENCES person (person_id),
  account_no      text NOT NULL REFERENCES member_account (account_no),
  reason          text NOT NULL CHECK (reason ~ '^[0-9]{2}$'),
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0),
  status          text NOT NULL CHECK (status IN ('APPROVED', 'CANCELLED', 'PAID')),
  app_id          text NOT NULL,
  ledger_txn      uuid NOT NULL REFERENCES ledger_transaction (txn_id),
  instruction_id  uuid NOT NULL REFERENCES settlement_instruction (instruction_id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
-- One application in flight per member and reason.
CREATE UNIQUE INDEX withdrawal_one_in_flight ON withdrawal_application (person_id, reason) WHERE status = 'APPROVED';
CREATE INDEX withdrawal_by_person ON withdrawal_application (person_id, created_at DESC);
