-- The center's special accounts per partner bank (住房公积金专户, one per 受托银行): money received at a bank is
-- booked on that bank's account, so the bank books can be set against each bank's statement. BANK:center stays
-- the account for receipts whose bank is not named; BANK:flexible keeps flexible deposits apart.
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name)
SELECT 'BANK:' || bank_code, 'CENTER_BANK', 'DEBIT', false, '住房公积金专户（' || name || '）' FROM partner_bank
ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id) SELECT 'BANK:' || bank_code FROM partner_bank ON CONFLICT (account_id) DO NOTHING;
