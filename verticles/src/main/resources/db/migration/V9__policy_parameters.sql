-- Rule values of the center (公积金政策参数), versioned by effective date: the value in force on a business
-- date is the row with the latest effective_from not after it. New values are added, never updated.
CREATE TABLE policy_parameter (
  name            text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.]{2,63}$'),
  effective_from  date NOT NULL,
  value           text NOT NULL,
  note            text NOT NULL DEFAULT '',
  created_by      text NOT NULL DEFAULT 'migration',
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, effective_from)
);

CREATE TRIGGER policy_parameter_no_update BEFORE UPDATE OR DELETE ON policy_parameter
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Values in force in late 2026 (../shared/domain/rules.md); [city] values are a sensible default for a
-- prefecture-level center and are changed through the admin API with a new effective date.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('contribution.ratio.min',          '2005-01-01', '0.05',     '单位和职工缴存比例下限 5%（条例第十八条）'),
  ('contribution.ratio.max',          '2005-01-01', '0.12',     '单位和职工缴存比例上限 12%'),
  ('contribution.base.min',           '2026-07-01', '2030.00',  '缴存基数下限：上年度当地最低月工资标准 [city]'),
  ('contribution.base.max',           '2026-07-01', '29301.00', '缴存基数上限：上年度职工月平均工资的 3 倍 [city]'),
  ('contribution.rounding',           '2005-01-01', 'YUAN_HALF_UP', '月缴存额取整方式 [city]：YUAN_HALF_UP 元位四舍五入，FEN_HALF_UP 分位四舍五入'),
  ('interest.rate.annual',            '2016-02-21', '0.015',    '住房公积金存款利率 1.50%（一年期定期存款基准利率）'),
  ('interest.day_basis',              '2016-02-21', '360',      '计息天数基数'),
  ('withdrawal.rent.monthly_cap',     '2026-07-01', '1500.00',  '租房提取每月限额 [city]'),
  ('flexible.monthly_deposit.min',    '2026-07-01', '400.00',   '灵活就业人员月缴存额下限 [city]'),
  ('flexible.monthly_deposit.max',    '2026-07-01', '7032.00',  '灵活就业人员月缴存额上限 [city]');
