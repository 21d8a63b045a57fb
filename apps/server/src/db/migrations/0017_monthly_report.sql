-- 全省机动车驾驶员培训专项整治月报表 (seed 001 附件2): a city's monthly report is computed from the data; what
-- the city submits to the province is frozen here as a snapshot. A resubmission is a new version with its
-- reason; earlier versions stay, so the province can see what was reported when.
CREATE TABLE monthly_report_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  city_code char(6) NOT NULL REFERENCES regions (code),
  -- The reported calendar month in China time, 'YYYY-MM'.
  month char(7) NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  version integer NOT NULL CHECK (version >= 1),
  -- The figures as computed at submitted_at (the report's "as of"); a figure whose source table did not
  -- exist then is null and its table is named in missing_sources.
  figures jsonb NOT NULL,
  missing_sources text[] NOT NULL DEFAULT '{}',
  -- Why the figures were submitted again; the first version needs none, every later one does.
  reason text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
  CHECK (version = 1 OR reason IS NOT NULL),
  submitted_by uuid NOT NULL REFERENCES users (id),
  submitted_at timestamptz NOT NULL,
  UNIQUE (city_code, month, version)
);
CREATE INDEX monthly_report_submissions_month_idx ON monthly_report_submissions (month, city_code);

-- 人工审核教学日志数量 counts reviews decided in a month: a city reviews 20–60 % of its logs (RULES §4), some
-- 300,000 a year, and without this index every monthly report scanned all of them. The included columns
-- let the count read the index alone.
CREATE INDEX manual_reviews_decided_idx ON manual_reviews (decided_at) INCLUDE (county_code, teaching_log_id)
  WHERE status = 'decided';
