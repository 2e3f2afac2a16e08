-- Post-loan changes of the parties and the collateral (Beijing: 借款人变更、抵押人变更、抵押物变更), at the counter and
-- through the review flow LOAN_CHANGE like the other changes. A new borrower takes over the loan with a repayment card
-- of their own (the rights and obligations transfer agreement); a new mortgagor is recorded on the contract (name, ID
-- number encrypted with the row key = contract id, masked copy); a new collateral replaces the mortgaged home when the
-- principal outstanding stays within its appraised value × the loan-to-value ratio.
ALTER TABLE loan_change DROP CONSTRAINT loan_change_kind_check;
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
            WHERE conrelid = 'loan_change'::regclass AND contype = 'c'
              AND pg_get_constraintdef(oid) LIKE '%CHANGE_CARD%card_enc%'
  LOOP
    EXECUTE format('ALTER TABLE loan_change DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE loan_change
  ADD COLUMN new_person_id   text,
  ADD COLUMN party_name      text,
  ADD COLUMN party_id_enc    text,
  ADD COLUMN party_id_masked text,
  ADD COLUMN collateral      jsonb,
  ADD CONSTRAINT loan_change_kind_check CHECK (kind IN ('EXTEND_TERM', 'CHANGE_METHOD', 'CHANGE_CARD',
                                                        'CHANGE_BORROWER', 'CHANGE_MORTGAGOR', 'CHANGE_COLLATERAL')),
  ADD CONSTRAINT loan_change_card_check CHECK ((kind IN ('CHANGE_CARD', 'CHANGE_BORROWER')) = (card_enc IS NOT NULL)),
  ADD CONSTRAINT loan_change_borrower_check CHECK ((kind = 'CHANGE_BORROWER') = (new_person_id IS NOT NULL)),
  ADD CONSTRAINT loan_change_mortgagor_check CHECK ((kind = 'CHANGE_MORTGAGOR') = (party_id_enc IS NOT NULL)),
  ADD CONSTRAINT loan_change_collateral_check CHECK ((kind = 'CHANGE_COLLATERAL') = (collateral IS NOT NULL));

ALTER TABLE loan_contract
  ADD COLUMN mortgagor_name      text,
  ADD COLUMN mortgagor_id_enc    text,
  ADD COLUMN mortgagor_id_masked text,
  ADD COLUMN collateral          jsonb;

-- The three changes are counter items (the agreements are signed at the counter).
INSERT INTO service_item (code, name, category, cross_province, fully_online, channels, materials, description,
                          sort_order, operations) VALUES
  ('DK09', '住房公积金个人住房贷款借款人变更', 'LOAN', false, false, ARRAY['COUNTER'],
   '[{"name": "原借款人与新借款人居民身份证", "sharedData": true}, {"name": "借款人权利义务转让协议", "sharedData": false}, {"name": "新借款人还款银行卡", "sharedData": false}]'::jsonb,
   '经审核审批，由新借款人承继借款合同的权利义务，自新借款人的银行卡扣款。', 321,
   ARRAY['applyLoanChange', 'listLoanChanges', 'cancelLoanChange']),
  ('DK10', '住房公积金个人住房贷款抵押人变更', 'LOAN', false, false, ARRAY['COUNTER'],
   '[{"name": "新抵押人居民身份证", "sharedData": true}, {"name": "抵押担保义务转移协议", "sharedData": false}]'::jsonb,
   '经审核审批，变更抵押房屋的抵押人。', 322,
   ARRAY['applyLoanChange', 'listLoanChanges', 'cancelLoanChange']),
  ('DK11', '住房公积金个人住房贷款抵押物变更', 'LOAN', false, false, ARRAY['COUNTER'],
   '[{"name": "新抵押房屋不动产权证书", "sharedData": true}, {"name": "房屋评估报告", "sharedData": false}, {"name": "变更所购房屋/抵押物协议", "sharedData": false}]'::jsonb,
   '经审核审批，以新房屋替换抵押物；剩余本金不得超过新房屋评估价值与贷款成数的乘积。', 323,
   ARRAY['applyLoanChange', 'listLoanChanges', 'cancelLoanChange']);
