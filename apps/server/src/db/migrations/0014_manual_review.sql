-- 人工审核 (RULES §4, issue 6): a sample of terminal teaching logs at each city's ratio plus every
-- session flagged high-risk, reviewed by a regulator of the region, whose decision (valid / partly valid
-- by minutes / invalid) flows into the trainee's credited minutes through the minute overrides.

-- The city's sampling ratio, versioned: the latest row of a city is in force; a city without a row uses
-- the RULES §4 default (60 % 绍兴/宁波/金华, 40 % 杭州/嘉兴/舟山, else 20 %, decided in code by the
-- city's GB/T 2260 code). Changing it applies to logs sampled from then on.
CREATE TABLE review_sampling_ratios (
  -- A sequence, not a uuid: two settings in the same instant still have an order.
  id bigserial PRIMARY KEY,
  city_code char(6) NOT NULL REFERENCES regions (code),
  percent smallint NOT NULL CHECK (percent BETWEEN 1 AND 100),
  note text NOT NULL DEFAULT '',
  set_by uuid NOT NULL REFERENCES users (id),
  set_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_sampling_ratios_city_idx ON review_sampling_ratios (city_code, id DESC);

-- One row per terminal teaching log the sampler has looked at, selected or not: the bucket
-- (sha256 of the log id, 0–9999), the ratio then in force and which rule selected it ('hash': bucket
-- below ratio × 100; 'quota': the city's month was below its ratio, so the log was taken to keep the
-- floor). Anyone can recompute the hash part; the quota part follows from the rows before it.
CREATE TABLE review_samples (
  teaching_log_id uuid PRIMARY KEY REFERENCES teaching_logs (id),
  city_code char(6) NOT NULL,
  -- The log's +08:00 month (YYYY-MM): the floor is kept per city and month, as the monthly report counts.
  month char(7) NOT NULL,
  bucket integer NOT NULL CHECK (bucket BETWEEN 0 AND 9999),
  percent smallint NOT NULL CHECK (percent BETWEEN 1 AND 100),
  selected_by text CHECK (selected_by IN ('hash', 'quota')),
  sampled_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_samples_city_month_idx ON review_samples (city_code, month);

-- The review of one teaching log. At most one open (queued) review per log; a decided review can be
-- reopened (with a reason) and decided again, each step kept in manual_review_history.
CREATE TABLE manual_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  teaching_log_id uuid NOT NULL REFERENCES teaching_logs (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  county_code char(6) NOT NULL REFERENCES regions (code),
  reason text NOT NULL CHECK (reason IN ('sample', 'high_risk')),
  -- From anomaly.session_flagged (null when the session was never flagged).
  risk_score smallint CHECK (risk_score BETWEEN 0 AND 100),
  risk_detectors text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'decided')),
  decision text CHECK (decision IN ('valid', 'partial', 'invalid')),
  -- Minutes the decision keeps valid, and the credited minutes of the log before and after it.
  valid_minutes integer CHECK (valid_minutes >= 0),
  credited_before integer,
  credited_after integer,
  reason_codes text[] NOT NULL DEFAULT '{}',
  note text NOT NULL DEFAULT '',
  reviewer_id uuid REFERENCES users (id),
  decided_at timestamptz,
  -- Each minute's verdict (after the automatic audit and the school's 初审) before the first decision:
  -- [{ recordNumber, valid }]. A later 'valid' decision restores exactly this.
  baseline jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'decided') = (decision IS NOT NULL))
);
CREATE UNIQUE INDEX manual_reviews_open_log_key ON manual_reviews (teaching_log_id) WHERE status = 'queued';
CREATE INDEX manual_reviews_log_idx ON manual_reviews (teaching_log_id);
CREATE INDEX manual_reviews_queue_idx ON manual_reviews (county_code, status, created_at DESC);

-- Every decision and reopening, append-only: a decision is never overwritten silently.
CREATE TABLE manual_review_history (
  id bigserial PRIMARY KEY,
  review_id uuid NOT NULL REFERENCES manual_reviews (id),
  kind text NOT NULL CHECK (kind IN ('decided', 'reopened')),
  decision text CHECK (decision IN ('valid', 'partial', 'invalid')),
  valid_minutes integer,
  -- Partial decisions: the record numbers kept valid.
  valid_record_numbers text[] NOT NULL DEFAULT '{}',
  reason_codes text[] NOT NULL DEFAULT '{}',
  note text NOT NULL DEFAULT '',
  credited_before integer,
  credited_after integer,
  actor_id uuid NOT NULL REFERENCES users (id),
  at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'decided') = (decision IS NOT NULL)),
  CHECK (kind = 'decided' OR length(note) > 0)
);
CREATE INDEX manual_review_history_review_idx ON manual_review_history (review_id, id);

CREATE FUNCTION manual_review_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'manual_review_history is append-only';
END;
$$;
CREATE TRIGGER manual_review_history_no_change
  BEFORE UPDATE OR DELETE ON manual_review_history
  FOR EACH ROW EXECUTE FUNCTION manual_review_history_append_only();

-- Declared conflicts of interest (回避): a regulator user tied to a school may not review its sessions.
-- Declared by the regulator themself or recorded by the city; ended (never deleted) with a reason.
CREATE TABLE reviewer_school_ties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  kind text NOT NULL CHECK (kind IN ('former_employee', 'relative', 'financial', 'other')),
  note text NOT NULL DEFAULT '',
  declared_by uuid NOT NULL REFERENCES users (id),
  declared_at timestamptz NOT NULL DEFAULT now(),
  ended_by uuid REFERENCES users (id),
  ended_at timestamptz,
  end_reason text,
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX reviewer_school_ties_active_key ON reviewer_school_ties (user_id, school_id)
  WHERE ended_at IS NULL;
