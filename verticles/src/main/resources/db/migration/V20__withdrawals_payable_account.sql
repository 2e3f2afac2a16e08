-- The center's one withdrawals payable (提取在途应付), credited by every approved withdrawal until the bank pays:
-- opened once here rather than probed by every application.
INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name)
VALUES ('PAYABLE:withdrawals', 'PAYABLE_IN_TRANSIT', 'CREDIT', false, '提取在途应付') ON CONFLICT (account_id) DO NOTHING;
INSERT INTO ledger_balance (account_id) VALUES ('PAYABLE:withdrawals') ON CONFLICT (account_id) DO NOTHING;
