-- Death (08): the heir's account is registered as a settlement payee (encrypted, blind-indexed, masked) when the
-- application is made, and the payout instruction pays it.
ALTER TABLE withdrawal_application ADD COLUMN heir_payee_id bigint REFERENCES payee_account (payee_id);
