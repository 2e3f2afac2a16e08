-- Monthly remittance lists (汇缴清册): one per employer and month, months paid in order with no gaps.
CREATE TABLE remittance (
  employer_id   text NOT NULL REFERENCES employer (employer_id),
  month         text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status        text NOT NULL CHECK (status IN ('DUE', 'PAID')),
  total         numeric(18, 2) NOT NULL CHECK (total > 0),
  member_count  integer NOT NULL CHECK (member_count > 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  paid_at       timestamptz,
  ledger_txn    uuid REFERENCES ledger_transaction (txn_id),
  PRIMARY KEY (employer_id, month)
);

CREATE TABLE remittance_line (
  employer_id     text NOT NULL,
  month           text NOT NULL,
  account_no      text NOT NULL REFERENCES member_account (account_no),
  employer_share  numeric(18, 2) NOT NULL CHECK (employer_share >= 0),
  member_share    numeric(18, 2) NOT NULL CHECK (member_share >= 0),
  PRIMARY KEY (employer_id, month, account_no),
  FOREIGN KEY (employer_id, month) REFERENCES remittance (employer_id, month)
);
