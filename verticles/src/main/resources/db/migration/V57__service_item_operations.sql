-- The catalogue (owned by hpf.catalogue) says which operations of the public contract carry out an item online, so
-- a channel can go from the guide to the business: the operationIds, empty where the item is not online yet.
-- The loan application (DK01) is taken by the online hall, the app, the mini-programs and the counter, not kiosks.
ALTER TABLE service_item ADD COLUMN operations text[] NOT NULL DEFAULT '{}';
UPDATE service_item
   SET operations = ARRAY['applyLoan', 'getLoanApplication', 'listMyLoanApplications', 'cancelLoanApplication',
                          'resubmitLoanApplication'],
       channels = ARRAY['ONLINE_HALL', 'MOBILE_APP', 'WECHAT_MINI_PROGRAM', 'ALIPAY_MINI_PROGRAM', 'GOV_MINI_PROGRAM',
                        'COUNTER']
 WHERE code = 'DK01';
