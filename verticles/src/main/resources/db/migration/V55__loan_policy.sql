-- Provident fund loan policy (公积金个人住房贷款政策参数), versioned by effective date in policy_parameter (read by
-- hpf.loan.terms.LoanPolicies; see docs/loan-terms.md). Rates are annual fractions (0.026 = 2.6 %).
--
-- The rate table: effective date × term band (up to 5 years inclusive, over 5 years) × home ordinal. Source: the
-- People's Bank of China notices on personal housing provident fund loan rates (中国人民银行关于下调个人住房公积金贷款
-- 利率的通知) of 2014-11-22, 2015-03-01, 2015-05-11, 2015-06-28, 2015-08-26 (no change from then until 2022; the cut of
-- 2015-10-24 left provident fund rates as they were), 2022-10-01 (first homes only, second-home rates unchanged),
-- 2024-05-18 and 2025-05-08, as republished by the centers. Second homes: not lower than 1.1 times the first-home
-- rate (建金〔2010〕179号) until 2024, then the notices' own floors (不低于); the center applies the floor.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('loan.rate.first.within_5y',  '2014-11-22', '0.0375',  '首套公积金贷款年利率（5 年以下含 5 年）'),
  ('loan.rate.first.over_5y',    '2014-11-22', '0.0425',  '首套公积金贷款年利率（5 年以上）'),
  ('loan.rate.second.within_5y', '2014-11-22', '0.04125', '第二套公积金贷款年利率（5 年以下含 5 年，首套的 1.1 倍）'),
  ('loan.rate.second.over_5y',   '2014-11-22', '0.04675', '第二套公积金贷款年利率（5 年以上，首套的 1.1 倍）'),
  ('loan.rate.first.within_5y',  '2015-03-01', '0.035',   '人民银行下调 0.25 个百分点'),
  ('loan.rate.first.over_5y',    '2015-03-01', '0.04',    '人民银行下调 0.25 个百分点'),
  ('loan.rate.second.within_5y', '2015-03-01', '0.0385',  '首套的 1.1 倍'),
  ('loan.rate.second.over_5y',   '2015-03-01', '0.044',   '首套的 1.1 倍'),
  ('loan.rate.first.within_5y',  '2015-05-11', '0.0325',  '人民银行下调 0.25 个百分点'),
  ('loan.rate.first.over_5y',    '2015-05-11', '0.0375',  '人民银行下调 0.25 个百分点'),
  ('loan.rate.second.within_5y', '2015-05-11', '0.03575', '首套的 1.1 倍'),
  ('loan.rate.second.over_5y',   '2015-05-11', '0.04125', '首套的 1.1 倍'),
  ('loan.rate.first.within_5y',  '2015-06-28', '0.03',    '人民银行下调 0.25 个百分点'),
  ('loan.rate.first.over_5y',    '2015-06-28', '0.035',   '人民银行下调 0.25 个百分点'),
  ('loan.rate.second.within_5y', '2015-06-28', '0.033',   '首套的 1.1 倍'),
  ('loan.rate.second.over_5y',   '2015-06-28', '0.0385',  '首套的 1.1 倍'),
  ('loan.rate.first.within_5y',  '2015-08-26', '0.0275',  '人民银行下调 0.25 个百分点'),
  ('loan.rate.first.over_5y',    '2015-08-26', '0.0325',  '人民银行下调 0.25 个百分点'),
  ('loan.rate.second.within_5y', '2015-08-26', '0.03025', '首套的 1.1 倍'),
  ('loan.rate.second.over_5y',   '2015-08-26', '0.03575', '首套的 1.1 倍'),
  ('loan.rate.first.within_5y',  '2022-10-01', '0.026',   '首套下调 0.15 个百分点；第二套不变'),
  ('loan.rate.first.over_5y',    '2022-10-01', '0.031',   '首套下调 0.15 个百分点；第二套不变'),
  ('loan.rate.first.within_5y',  '2024-05-18', '0.0235',  '人民银行下调 0.25 个百分点'),
  ('loan.rate.first.over_5y',    '2024-05-18', '0.0285',  '人民银行下调 0.25 个百分点'),
  ('loan.rate.second.within_5y', '2024-05-18', '0.02775', '不低于 2.775%，按下限执行'),
  ('loan.rate.second.over_5y',   '2024-05-18', '0.03325', '不低于 3.325%，按下限执行'),
  ('loan.rate.first.within_5y',  '2025-05-08', '0.021',   '人民银行下调 0.25 个百分点'),
  ('loan.rate.first.over_5y',    '2025-05-08', '0.026',   '人民银行下调 0.25 个百分点'),
  ('loan.rate.second.within_5y', '2025-05-08', '0.02525', '不低于 2.525%，按下限执行'),
  ('loan.rate.second.over_5y',   '2025-05-08', '0.03075', '不低于 3.075%，按下限执行');

-- Limits of the amount and the term. [city] values are a sensible default for a prefecture-level center (the
-- shared-ownership float follows Beijing's rule) and are changed through the admin API with a new effective date.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('loan.term.short_band.max_months',         '2005-01-01', '60',         '利率期限档次：5 年（60 个月）以下含 5 年为短档'),
  ('loan.ceiling.person',                     '2005-01-01', '600000.00',  '贷款最高额度：单人（无共同借款人）[city]'),
  ('loan.ceiling.family',                     '2005-01-01', '1200000.00', '贷款最高额度：家庭（有共同借款人）[city]'),
  ('loan.shared_ownership.enabled',           '2005-01-01', 'true',       '共有产权住房首套贷款额度上浮 [city]'),
  ('loan.shared_ownership.float',             '2005-01-01', '200000.00',  '共有产权住房额度上浮金额'),
  ('loan.shared_ownership.cap',               '2005-01-01', '1400000.00', '共有产权住房上浮后额度上限'),
  ('loan.ltv.first.ratio.max',                '2005-01-01', '0.80',       '首套住房贷款额度不超过房价的比例 [city]'),
  ('loan.ltv.second.ratio.max',               '2005-01-01', '0.70',       '第二套住房贷款额度不超过房价的比例 [city]'),
  ('loan.balance.multiple',                   '2005-01-01', '15',         '贷款额度不超过借款人及共同借款人账户余额的倍数 [city]'),
  ('loan.repayment.income_share.ratio.max',   '2005-01-01', '0.50',       '月还款额不超过月收入的比例'),
  ('loan.income.base_factor',                 '2005-01-01', '1',          '未申报收入时月收入 = 缴存基数 × 该系数'),
  ('loan.term.max_months',                    '2005-01-01', '360',        '贷款期限最长 30 年'),
  ('loan.age_plus_term.max_age',              '2005-01-01', '70',         '借款人年龄与贷款期限之和上限（周岁）[city]'),
  ('loan.deposit.continuous.min_months',      '2005-01-01', '6',          '申请前连续足额缴存最短月数 [city]'),
  ('loan.outstanding.max_count',              '2005-01-01', '1',          '全国范围内未结清公积金贷款笔数上限（含本笔）：结清前笔后方可再贷');
