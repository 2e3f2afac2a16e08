-- Double-entry ledger (账账相符). Accounts have a normal side; balances are kept in normal-side terms and
-- guarded against going negative in the same statement that changes them. Transactions and entries are
-- append-only; a correction is a reversing transaction.
CREATE TABLE ledger_account (
  account_id      text PRIMARY KEY CHECK (account_id ~ '^[A-Z]{2,12}:[A-Za-z0-9._-]{1,40}$'),
  kind            text NOT NULL CHECK (kind IN ('MEMBER', 'EMPLOYER_SUSPENSE', 'CENTER_BANK', 'PAYABLE_IN_TRANSIT',
                                                 'RECEIVABLE_IN_TRANSIT', 'INTEREST_EXPENSE', 'SUSPENSE')),
  normal_side     text NOT NULL CHECK (normal_side IN ('DEBIT', 'CREDIT')),
  allow_negative  boolean NOT NULL DEFAULT false,
  name            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_balance (
  account_id      text PRIMARY KEY REFERENCES ledger_account (account_id),
  balance         numeric(18, 2) NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_transaction (
  txn_id          uuid PRIMARY KEY,
  business_type   text NOT NULL CHECK (business_type ~ '^[0-9]{2}$'),
  business_ref    text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  business_date   date NOT NULL,
  reverses        uuid UNIQUE REFERENCES ledger_transaction (txn_id),
  memo            text NOT NULL DEFAULT '',
  posted_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_transaction_ref ON ledger_transaction (business_ref);

CREATE TABLE ledger_entry (
  entry_id        bigserial PRIMARY KEY,
  txn_id          uuid NOT NULL REFERENCES ledger_transaction (txn_id),
  account_id      text NOT NULL REFERENCES ledger_account (account_id),
  side            text NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
  amount          numeric(18, 2) NOT NULL CHECK (amount > 0)
);
CREATE INDEX ledger_entry_txn ON ledger_entry (txn_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account_id, entry_id);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER ledger_transaction_no_update BEFORE UPDATE OR DELETE ON ledger_transaction
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Every transaction balances: checked at commit, whatever code wrote it.
CREATE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  difference numeric;
BEGIN
  SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount ELSE -amount END), 0) INTO difference
    FROM ledger_entry WHERE txn_id = NEW.txn_id;
  IF difference <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance (debits - credits = %)', NEW.txn_id, difference;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances();
