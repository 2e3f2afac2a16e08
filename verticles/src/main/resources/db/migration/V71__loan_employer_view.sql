-- An employer (and service staff for it) may list the housing loans of its current members, names and ID numbers
-- masked, no card or balance (listEmployerLoans); a center that does not share this with employers switches it off
-- with a new version of the parameter.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('loan.employer_view.enabled', '2005-01-01', 'true', '单位可查询本单位在职职工的住房公积金贷款（姓名、证件号码脱敏）[city]');
