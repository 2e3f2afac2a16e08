-- Daily reconciliation per partner bank (issue 7): the bank's details of the center's special account (BDC113) for
-- one business date against our instructions and receipts. Reports are append-only: running a (bank, date) again
-- records a new version, the earlier ones stay as they were.
CREATE TABLE settlement_reconciliation (
  report_id          uuid PRIMARY KEY,
  bank_code          text NOT NULL CHECK (bank_code ~ '^[0-9]{3}$'),
  business_date      date NOT NULL,
  version            integer NOT NULL CHECK (version > 0),
  trigger            text NOT NULL CHECK (trigger IN ('OPERATOR', 'DAILY')),
  requested_by       text NOT NULL,
  account_no         text NOT NULL,            -- the center's special account at the bank
  bank_lines         integer NOT NULL,
  our_lines          integer NOT NULL,
  matched_count      integer NOT NULL,
  matched_amount     numeric(18, 2) NOT NULL,
  missing_at_bank    integer NOT NULL,
  missing_in_books   integer NOT NULL,
  amount_differences integer NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bank_code, business_date, version)
);
CREATE INDEX settlement_reconciliation_latest ON settlement_reconciliation (bank_code, created_at DESC);

CREATE TABLE settlement_reconciliation_item (
  report_id    uuid NOT NULL REFERENCES settlement_reconciliation (report_id),
  item_no      integer NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('MISSING_AT_BANK', 'MISSING_IN_OUR_BOOKS', 'AMOUNT_DIFFERS')),
  direction    text NOT NULL CHECK (direction IN ('OUT', 'IN')),
  serial_no    text,
  host_seq_no  text,
  our_amount   numeric(18, 2),
  bank_amount  numeric(18, 2),
  business_ref text,
  note         text NOT NULL,
  PRIMARY KEY (report_id, item_no)
);

CREATE TRIGGER settlement_reconciliation_append_only BEFORE UPDATE OR DELETE ON settlement_reconciliation
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER settlement_reconciliation_no_truncate BEFORE TRUNCATE ON settlement_reconciliation
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER settlement_reconciliation_item_append_only BEFORE UPDATE OR DELETE ON settlement_reconciliation_item
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER settlement_reconciliation_item_no_truncate BEFORE TRUNCATE ON settlement_reconciliation_item
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- The daily job's claim of a (bank, date): one instance of the cluster runs it; a claim whose lease ran out (its
-- instance died, the bank could not answer) is taken again on a later round. Done once a report is recorded.
CREATE TABLE settlement_reconciliation_daily (
  bank_code     text NOT NULL,
  business_date date NOT NULL,
  claimed_by    text NOT NULL,
  lease_until   timestamptz NOT NULL,
  report_id     uuid REFERENCES settlement_reconciliation (report_id),
  PRIMARY KEY (bank_code, business_date)
);

-- Our side of a day: the instructions that ended SUCCEEDED through a bank.
CREATE INDEX settlement_instruction_succeeded ON settlement_instruction (paying_bank, finished_at)
  WHERE status = 'SUCCEEDED';
