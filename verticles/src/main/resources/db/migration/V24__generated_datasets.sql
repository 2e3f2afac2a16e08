-- Generated data sets (demo and benchmark data, hpf.dataset): one row per generation, written in the same
-- transaction as the data, so a database holds a data set completely or not at all, and the generator can refuse
-- to load one twice.
CREATE TABLE dataset_run (
  run_id        integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seed          bigint NOT NULL,
  members       integer NOT NULL CHECK (members > 0),
  employers     integer NOT NULL CHECK (employers > 0),
  months        integer NOT NULL CHECK (months > 0),
  through       text NOT NULL CHECK (through ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  purpose       text NOT NULL CHECK (purpose IN ('DEMO', 'COMMAND')),
  requested_by  text NOT NULL,
  row_counts    jsonb NOT NULL,
  generated_at  timestamptz NOT NULL DEFAULT now()
);

-- The balanced-at-commit check of V6 summed a transaction's entries once for every entry, so a remittance list of
-- k members cost k² row reads at commit (16,000 members: 45 s). Same trigger, same guarantee, linear cost: an entry
-- leaves the check to the next entry of its ledger transaction when that one was inserted by the same
-- (sub)transaction in the same or a later command. That entry's check runs after this one exists (trigger events
-- fire after their command ends) and it shares this entry's fate (same xmin: both commit or both roll back); by
-- induction the last such entry takes the full sum, after all of them were written. Entries written by different
-- database transactions never defer to each other.
DROP INDEX ledger_entry_txn;
CREATE INDEX ledger_entry_txn ON ledger_entry (txn_id, entry_id);

CREATE OR REPLACE FUNCTION ledger_transaction_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  difference numeric;
  own record;
  next_entry record;
BEGIN
  SELECT xmin, cmin::text::bigint AS command INTO own FROM ledger_entry WHERE entry_id = NEW.entry_id;
  -- The next entry of the transaction, by the (txn_id, entry_id) index: one row, whatever the transaction's size.
  SELECT xmin, cmin::text::bigint AS command INTO next_entry FROM ledger_entry
   WHERE txn_id = NEW.txn_id AND entry_id > NEW.entry_id ORDER BY txn_id, entry_id LIMIT 1;
  IF next_entry.xmin = own.xmin AND next_entry.command >= own.command THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount ELSE -amount END), 0) INTO difference
    FROM ledger_entry WHERE txn_id = NEW.txn_id;
  IF difference <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance (debits - credits = %)', NEW.txn_id, difference;
  END IF;
  RETURN NULL;
END $$;
