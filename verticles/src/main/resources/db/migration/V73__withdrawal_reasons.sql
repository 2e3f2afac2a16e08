-- Withdrawal reasons 02 (building, rebuilding or major repair of an owner-occupied home), 04 (loss of working
-- capacity with the end of employment, closing) and 09 (serious illness of the member or family): the yearly cap
-- of illness withdrawals as a policy value, and the withdrawal items of the service guide (owned by hpf.catalogue)
-- name the operations that carry them out.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('withdrawal.illness.yearly_cap', '2026-07-01', '100000.00', '重大疾病提取：每人每自然年提取合计上限 [city]');

-- Every withdrawal reason the platform handles is applied for, followed and cancelled through these operations;
-- 老旧小区改造及加装电梯 (TQ10) is not handled yet and keeps none.
UPDATE service_item
   SET operations = ARRAY['applyWithdrawal', 'listWithdrawals', 'getWithdrawal', 'cancelWithdrawal']
 WHERE code IN ('TQ01', 'TQ02', 'TQ03', 'TQ04', 'TQ05', 'TQ06', 'TQ07', 'TQ08', 'TQ09');
UPDATE service_item
   SET operations = operations || ARRAY['signWithdrawalAgreement', 'listWithdrawalAgreements',
                                        'renewWithdrawalAgreement', 'terminateWithdrawalAgreement']
 WHERE code = 'TQ03';

-- Loss of working capacity is verified online (the disability certificate from the e-licence platform, the end of
-- employment from the account its employer sealed), so members apply through the online hall and the app too.
UPDATE service_item
   SET channels = ARRAY['ONLINE_HALL', 'MOBILE_APP', 'COUNTER'],
       fully_online = true,
       materials = '[{"name": "居民身份证", "sharedData": true}, {"name": "残疾人证（电子证照）", "sharedData": true}, {"name": "终止劳动关系（单位封存个人账户）", "sharedData": true}]'::jsonb
 WHERE code = 'TQ07';
