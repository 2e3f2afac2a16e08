-- Reads by person at any scale: the only person index of member_account was partial (normal accounts only), so the
-- account read, the member locks and the withdrawal guards scanned the table. Account number second: the locks take a
-- person's accounts in that order. Closing withdrawals look for other applications of the same account.
CREATE INDEX member_account_person ON member_account (person_id, account_no);
CREATE INDEX withdrawal_by_account ON withdrawal_application (account_no);

-- Hot ledger accounts (center accounts every member's posting touches): their balance is kept in several rows
-- (buckets) summed on read, so postings of unrelated members on different connections do not wait for one row lock.
-- An ordinary account keeps one row, bucket 0. For a guarded account every bucket stays non-negative, so the sum does.
ALTER TABLE ledger_account ADD COLUMN buckets smallint NOT NULL DEFAULT 1 CHECK (buckets BETWEEN 1 AND 64);
ALTER TABLE ledger_balance ADD COLUMN bucket smallint NOT NULL DEFAULT 0 CHECK (bucket BETWEEN 0 AND 63);
ALTER TABLE ledger_balance DROP CONSTRAINT ledger_balance_pkey;
ALTER TABLE ledger_balance ADD PRIMARY KEY (account_id, bucket);

-- Which accounts are hot: the center's special (bank) accounts, the payables in transit and the interest expense.
CREATE FUNCTION ledger_buckets_for(kind text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN kind IN ('CENTER_BANK', 'PAYABLE_IN_TRANSIT', 'INTEREST_EXPENSE') THEN 16 ELSE 1 END::smallint
$$;
UPDATE ledger_account SET buckets = ledger_buckets_for(kind) WHERE ledger_buckets_for(kind) > 1;
INSERT INTO ledger_balance (account_id, bucket)
SELECT a.account_id, s.bucket FROM ledger_account a, generate_series(1, a.buckets - 1) AS s (bucket)
 WHERE a.buckets > 1
ON CONFLICT (account_id, bucket) DO NOTHING;
