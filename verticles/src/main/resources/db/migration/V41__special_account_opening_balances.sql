-- Opening balances of the center's special accounts (专户期初余额): what each partner bank held for the center when
-- the platform started keeping its books, booked once per bank against this account, so the bank books mirror the
-- banks' and payouts from a bank's account find its money. Credit-normal: the books stay balanced.
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_kind_check;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_kind_check
  CHECK (kind IN ('MEMBER', 'EMPLOYER_SUSPENSE', 'CENTER_BANK', 'PAYABLE_IN_TRANSIT', 'RECEIVABLE_IN_TRANSIT',
                  'INTEREST_EXPENSE', 'SUSPENSE', 'OPENING_BALANCE'));
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name)
VALUES ('OPENING:banks', 'OPENING_BALANCE', 'CREDIT', false, '专户期初余额') ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id) VALUES ('OPENING:banks') ON CONFLICT (account_id) DO NOTHING;
