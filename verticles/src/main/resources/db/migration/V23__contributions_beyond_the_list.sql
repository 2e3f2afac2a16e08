-- Contributions beyond the monthly list: supplementary payment (补缴), overpayment refund (多缴退款) and suspense
-- (暂收款) for incoming payments that match no list.

-- The ledger accounts these need, opened once here rather than probed by every request: the center's bank
-- account (专户; until now opened by the first remittance payment), the employers' suspense (暂收款) and the
-- refunds payable (退款在途应付) that holds refunds until the bank pays them.
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name) VALUES
  ('BANK:center', 'CENTER_BANK', 'DEBIT', false, '住房公积金专户'),
  ('SUSPENSE:employers', 'EMPLOYER_SUSPENSE', 'CREDIT', false, '单位暂收款'),
  ('PAYABLE:refunds', 'PAYABLE_IN_TRANSIT', 'CREDIT', false, '退款在途应付')
ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id) VALUES ('BANK:center'), ('SUSPENSE:employers'), ('PAYABLE:refunds')
ON CONFLICT (account_id) DO NOTHING;

-- Payees that are not a member's bound card (an employer refunded, the payer of an unmatched payment): the
-- account number SM4-GCM encrypted with a blind index, shown only masked. Owned by the settlement room.
CREATE TABLE payee_account (
  payee_id      bigserial PRIMARY KEY,
  bank_code     text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  account_name  text NOT NULL CHECK (length(account_name) BETWEEN 1 AND 255),
  number_enc    text NOT NULL,
  number_idx    text NOT NULL,
  number_masked text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payee_account_number ON payee_account (number_idx);

-- An instruction pays either a member's card or such an account, never both.
ALTER TABLE settlement_instruction ALTER COLUMN payee_card_id DROP NOT NULL;
ALTER TABLE settlement_instruction ADD COLUMN payee_account_id bigint REFERENCES payee_account (payee_id);
ALTER TABLE settlement_instruction ADD CONSTRAINT settlement_instruction_one_payee
  CHECK ((payee_card_id IS NULL) <> (payee_account_id IS NULL));

-- Supplementary lists (补缴清册): months before the employer's next monthly list, for chosen members.
CREATE SEQUENCE supplement_number START 100000001;
CREATE TABLE supplement (
  supplement_id text PRIMARY KEY CHECK (supplement_id ~ '^S[0-9]{9}$'),
  employer_id   text NOT NULL REFERENCES employer (employer_id),
  status        text NOT NULL CHECK (status IN ('DUE', 'PAID', 'CANCELLED')),
  reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  total         numeric(18, 2) NOT NULL CHECK (total > 0),
  line_count    integer NOT NULL CHECK (line_count > 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  paid_at       timestamptz,
  ledger_txn    uuid REFERENCES ledger_transaction (txn_id),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX supplement_by_employer ON supplement (employer_id, created_at DESC);

-- One line per member account and month. A person's month is on at most one list that is not cancelled (the
-- last word when two lists for the same month race); `active` turns false when its list is cancelled.
CREATE TABLE supplement_line (
  supplement_id  text NOT NULL REFERENCES supplement (supplement_id),
  account_no     text NOT NULL REFERENCES member_account (account_no),
  person_id      text NOT NULL REFERENCES person (person_id),
  month          text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  base           numeric(18, 2) NOT NULL CHECK (base > 0),
  employer_share numeric(18, 2) NOT NULL CHECK (employer_share >= 0),
  member_share   numeric(18, 2) NOT NULL CHECK (member_share >= 0),
  active         boolean NOT NULL DEFAULT true,
  PRIMARY KEY (supplement_id, account_no, month)
);
CREATE UNIQUE INDEX supplement_line_once ON supplement_line (person_id, month) WHERE active;
CREATE INDEX supplement_line_account ON supplement_line (account_no, month);
CREATE INDEX remittance_line_account ON remittance_line (account_no, month);

-- Overpayment refunds (多缴退款): member → refunds payable, and the instruction that pays the employer back.
CREATE SEQUENCE contribution_refund_number START 100000001;
CREATE TABLE contribution_refund (
  refund_id      text PRIMARY KEY CHECK (refund_id ~ '^R[0-9]{9}$'),
  employer_id    text NOT NULL REFERENCES employer (employer_id),
  account_no     text NOT NULL REFERENCES member_account (account_no),
  month          text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount         numeric(18, 2) NOT NULL CHECK (amount > 0),
  reason         text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  payee_bank     text NOT NULL,
  payee_name     text NOT NULL,
  payee_masked   text NOT NULL,
  ledger_txn     uuid NOT NULL REFERENCES ledger_transaction (txn_id),
  instruction_id uuid NOT NULL REFERENCES settlement_instruction (instruction_id),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contribution_refund_by_employer ON contribution_refund (employer_id, created_at DESC);
CREATE INDEX contribution_refund_account ON contribution_refund (account_no, month);

-- Suspense items (暂收款): incoming payments that match no list, until claimed to one or refunded. The bank's
-- reference of the receipt is unique, so the same receipt cannot be recorded twice.
CREATE SEQUENCE suspense_number START 100000001;
CREATE TABLE suspense_item (
  item_id        text PRIMARY KEY CHECK (item_id ~ '^Z[0-9]{9}$'),
  payer_name     text NOT NULL,
  payer_bank     text NOT NULL,
  payer_masked   text NOT NULL,
  payer_payee_id bigint NOT NULL REFERENCES payee_account (payee_id),
  amount         numeric(18, 2) NOT NULL CHECK (amount > 0),
  reference      text NOT NULL UNIQUE,
  value_date     date NOT NULL,
  status         text NOT NULL CHECK (status IN ('OPEN', 'CLAIMED', 'REFUNDED')),
  ledger_txn     uuid NOT NULL REFERENCES ledger_transaction (txn_id),
  claimed_to     text,
  close_txn      uuid REFERENCES ledger_transaction (txn_id),
  instruction_id uuid REFERENCES settlement_instruction (instruction_id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  closed_at      timestamptz
);
CREATE INDEX suspense_item_open ON suspense_item (created_at, item_id) WHERE status = 'OPEN';
CREATE INDEX suspense_item_by_status ON suspense_item (status, created_at DESC);
