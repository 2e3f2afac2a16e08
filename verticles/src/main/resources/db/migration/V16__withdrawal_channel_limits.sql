-- Per-channel withdrawal limits (渠道单笔/单日提取限额), per member: one application at most the single limit,
-- and the member's applications through that kind of channel on one day at most the daily limit. [city] values;
-- the counter, where staff check materials in person, allows what the account holds.
INSERT INTO policy_parameter (name, effective_from, value, note) VALUES
  ('withdrawal.channel.online_hall.single_max',  '2026-07-01', '50000.00',   '网上大厅单笔提取限额 [city]'),
  ('withdrawal.channel.online_hall.daily_max',   '2026-07-01', '100000.00',  '网上大厅单日提取限额 [city]'),
  ('withdrawal.channel.mobile_app.single_max',   '2026-07-01', '50000.00',   '手机 App 单笔提取限额 [city]'),
  ('withdrawal.channel.mobile_app.daily_max',    '2026-07-01', '100000.00',  '手机 App 单日提取限额 [city]'),
  ('withdrawal.channel.mini_program.single_max', '2026-07-01', '20000.00',   '小程序单笔提取限额 [city]'),
  ('withdrawal.channel.mini_program.daily_max',  '2026-07-01', '50000.00',   '小程序单日提取限额 [city]'),
  ('withdrawal.channel.kiosk.single_max',        '2026-07-01', '20000.00',   '自助终端单笔提取限额 [city]'),
  ('withdrawal.channel.kiosk.daily_max',         '2026-07-01', '50000.00',   '自助终端单日提取限额 [city]'),
  ('withdrawal.channel.counter.single_max',      '2026-07-01', '9999999999.99', '柜面单笔提取限额 [city]'),
  ('withdrawal.channel.counter.daily_max',       '2026-07-01', '9999999999.99', '柜面单日提取限额 [city]');
