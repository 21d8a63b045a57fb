-- The working-day calendar (calendar module): the exception days to Monday–Friday in China time, a weekday
-- public holiday ('holiday') or a weekend day worked instead (调休, 'workday'). Complaint and work-order
-- deadlines in working days count with it; deadlines already stored are not recomputed when a day changes.
-- National days only: `scope` is 'national' and is part of the key so that a province's own days can be a
-- second scope later without moving the rows.
CREATE TABLE calendar_days (
  scope text NOT NULL DEFAULT 'national' CHECK (scope = 'national'),
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  -- The holiday's name (春节, 国庆节…); a workday carries the holiday it makes up for.
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
  -- Only what differs from Monday–Friday is stored: a Saturday inside a holiday block is off anyway.
  CHECK ((kind = 'holiday') = (extract(isodow FROM day) < 6)),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, day)
);

-- Reference data: 国务院办公厅关于2026年部分节假日安排的通知 (the State Council General Office's notice on the
-- 2026 public holidays). 元旦 1月1日–3日, 1月4日(日)上班; 春节 2月15日–23日, 2月14日(六)、2月28日(六)上班;
-- 清明节 4月4日–6日; 劳动节 5月1日–5日, 5月9日(六)上班; 端午节 6月19日–21日; 中秋节 9月25日–27日;
-- 国庆节 10月1日–7日, 9月20日(日)、10月10日(六)上班. An administrator checks these against the notice and
-- enters each following year's days on the 工作日历 page (apps/server/src/modules/calendar/README.md).
INSERT INTO calendar_days (day, kind, name) VALUES
  ('2026-01-01', 'holiday', '元旦'),
  ('2026-01-02', 'holiday', '元旦'),
  ('2026-01-04', 'workday', '元旦'),
  ('2026-02-14', 'workday', '春节'),
  ('2026-02-16', 'holiday', '春节'),
  ('2026-02-17', 'holiday', '春节'),
  ('2026-02-18', 'holiday', '春节'),
  ('2026-02-19', 'holiday', '春节'),
  ('2026-02-20', 'holiday', '春节'),
  ('2026-02-23', 'holiday', '春节'),
  ('2026-02-28', 'workday', '春节'),
  ('2026-04-06', 'holiday', '清明节'),
  ('2026-05-01', 'holiday', '劳动节'),
  ('2026-05-04', 'holiday', '劳动节'),
  ('2026-05-05', 'holiday', '劳动节'),
  ('2026-05-09', 'workday', '劳动节'),
  ('2026-06-19', 'holiday', '端午节'),
  ('2026-09-20', 'workday', '国庆节'),
  ('2026-09-25', 'holiday', '中秋节'),
  ('2026-10-01', 'holiday', '国庆节'),
  ('2026-10-02', 'holiday', '国庆节'),
  ('2026-10-05', 'holiday', '国庆节'),
  ('2026-10-06', 'holiday', '国庆节'),
  ('2026-10-07', 'holiday', '国庆节'),
  ('2026-10-10', 'workday', '国庆节');
