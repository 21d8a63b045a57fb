-- Training hours: the syllabus and audit rules as versioned data, teaching logs (电子教学日志) assembled
-- from what terminals send, per-minute verdicts, appeals, stage submissions (阶段报审) and their review,
-- domain events, and the police exam link. Numbers and flows: RULES §1, §2, §10; REFERENCE §1.8–1.9,
-- §2.4–2.5, §3, §5.

-- 教学大纲 per province and licence class, versioned by effective date. A class with no version in force
-- is "missing" and shown as such; nothing is guessed.
CREATE TABLE syllabus_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  province_code char(6) NOT NULL REFERENCES regions (code),
  licence_class text NOT NULL,
  edition text NOT NULL,
  effective_from date NOT NULL,
  -- Minimum training mileage for the class in metres (each province sets it; not below 300 km).
  min_mileage_m integer NOT NULL DEFAULT 0 CHECK (min_mileage_m >= 0),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_code, licence_class, effective_from)
);

CREATE TABLE syllabus_parts (
  syllabus_version_id uuid NOT NULL REFERENCES syllabus_versions (id),
  part smallint NOT NULL CHECK (part BETWEEN 1 AND 4),
  -- Required hours in minutes (one 学时 = 60 minutes, RULES §1).
  required_minutes integer NOT NULL CHECK (required_minutes >= 0),
  -- Part mileage requirement in metres, when the province sets one per part.
  required_mileage_m integer NOT NULL DEFAULT 0 CHECK (required_mileage_m >= 0),
  -- Parts 1 and 4: minimum classroom share; parts 2 and 3: maximum simulator share (minutes).
  classroom_min_minutes integer NOT NULL DEFAULT 0,
  simulator_max_minutes integer NOT NULL DEFAULT 0,
  PRIMARY KEY (syllabus_version_id, part)
);

-- Audit rule sets (RULES §2): one per city, optionally overridden per school, versioned. `params` holds
-- the numbers (windows, thresholds, caps, the 75 % share) so changing them is data, not code.
CREATE TABLE audit_rule_sets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code char(6) NOT NULL REFERENCES regions (code),
  school_id uuid REFERENCES schools (id),
  version integer NOT NULL CHECK (version > 0),
  effective_from timestamptz NOT NULL,
  params jsonb NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX audit_rule_sets_scope_version_key
  ON audit_rule_sets (region_code, COALESCE(school_id, '00000000-0000-0000-0000-000000000000'::uuid), version);

-- 电子教学日志: one per training session (a trainee sign-in on a terminal, or a classroom / simulator /
-- remote session entered by the school). Verdict fields are derived by the audit and rewritten when it
-- runs again; the rule version used is kept.
CREATE TABLE teaching_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- 'terminal' for sessions from a timing terminal, else how the school entered it.
  source text NOT NULL CHECK (source IN ('terminal', 'classroom', 'simulator', 'remote')),
  trainee_sign_in_id uuid UNIQUE REFERENCES trainee_sign_ins (id),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  coach_id uuid REFERENCES coaches (id),
  vehicle_id uuid REFERENCES vehicles (id),
  terminal_id uuid REFERENCES terminals (id),
  classroom_id bigint,
  course_code char(10) NOT NULL,
  licence_class text NOT NULL,
  part smallint NOT NULL CHECK (part BETWEEN 1 AND 4),
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  CHECK (ended_at >= started_at),
  total_minutes integer NOT NULL DEFAULT 0,
  valid_minutes integer NOT NULL DEFAULT 0,
  credited_minutes integer NOT NULL DEFAULT 0,
  mileage_m integer NOT NULL DEFAULT 0 CHECK (mileage_m >= 0),
  -- crstate: pending 待评判, valid 整体有效, partial 部分有效, invalid 整体无效.
  verdict text NOT NULL DEFAULT 'pending' CHECK (verdict IN ('pending', 'valid', 'partial', 'invalid')),
  -- Session-level reason codes (e.g. mileage_under_100m, photos_missing) and whether it is flagged.
  session_reasons text[] NOT NULL DEFAULT '{}',
  flagged boolean NOT NULL DEFAULT false,
  audit_rule_set_id uuid REFERENCES audit_rule_sets (id),
  audited_at timestamptz,
  -- 驾校初审: none → reviewed (minutes may have been changed by the school with a note).
  school_review text NOT NULL DEFAULT 'none' CHECK (school_review IN ('none', 'reviewed')),
  school_reviewed_by uuid REFERENCES users (id),
  school_reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teaching_logs_trainee_idx ON teaching_logs (trainee_id, part, started_at);
CREATE INDEX teaching_logs_school_idx ON teaching_logs (school_id, started_at DESC);

-- One verdict per minute record: valid or not with reason codes (plain-Chinese text comes from the
-- catalogue in code). A school or regulator override is kept beside the automatic verdict, never
-- instead of it.
CREATE TABLE minute_verdicts (
  record_number char(26) PRIMARY KEY REFERENCES minute_records (record_number),
  teaching_log_id uuid NOT NULL REFERENCES teaching_logs (id),
  valid boolean NOT NULL,
  reasons text[] NOT NULL DEFAULT '{}',
  audit_rule_set_id uuid REFERENCES audit_rule_sets (id),
  override_valid boolean,
  override_note text,
  override_by uuid REFERENCES users (id),
  override_at timestamptz
);
CREATE INDEX minute_verdicts_log_idx ON minute_verdicts (teaching_log_id);

-- 申诉 on a teaching log: to the school first (初审), then the regulator.
CREATE TABLE appeals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  teaching_log_id uuid NOT NULL REFERENCES teaching_logs (id),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  -- pending 待处理 (at the school or the regulator), done 已完成 (upheld), rejected 驳回.
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'rejected')),
  stage text NOT NULL DEFAULT 'school' CHECK (stage IN ('school', 'regulator')),
  school_reply text,
  school_replied_at timestamptz,
  regulator_reply text,
  regulator_replied_at timestamptz,
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeals_school_idx ON appeals (school_id, status);
CREATE UNIQUE INDEX appeals_open_per_log_key ON appeals (teaching_log_id) WHERE status = 'pending';

-- 阶段报审: a part's record, signed by the school; reviewed (复审) by the regulator.
CREATE TABLE stage_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  part smallint NOT NULL CHECK (part BETWEEN 1 AND 4),
  credited_minutes integer NOT NULL,
  mileage_m integer NOT NULL,
  teaching_log_ids uuid[] NOT NULL,
  -- The stage record as signed: canonical JSON, its SHA-256 and the school's signature over it.
  record jsonb NOT NULL,
  record_sha256 char(64) NOT NULL,
  signature text NOT NULL,
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected')),
  submitted_by uuid NOT NULL REFERENCES users (id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  -- On rejection: [{ teachingLogId, reason }].
  rejection jsonb
);
CREATE UNIQUE INDEX stage_submissions_open_key ON stage_submissions (trainee_id, part)
  WHERE status IN ('submitted', 'approved');

-- Outbox of domain events (stage.approved, …): written in the same transaction as the change, handed
-- to in-process subscribers by a dispatcher, kept for replay.
CREATE TABLE domain_events (
  id bigserial PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX domain_events_pending_idx ON domain_events (id) WHERE dispatched_at IS NULL;

-- The police side: who may sit which part's exam (from stage approvals), the cursor they poll with
-- (`seq`), and the bookings and results they post back. Results feed pass rates per school and coach.
CREATE TABLE exam_eligibility (
  seq bigserial PRIMARY KEY,
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  part smallint NOT NULL CHECK (part BETWEEN 1 AND 4),
  stage_submission_id uuid NOT NULL UNIQUE REFERENCES stage_submissions (id),
  eligible_at timestamptz NOT NULL,
  UNIQUE (trainee_id, part)
);

CREATE TABLE exam_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  -- The coach who taught most of the part's credited minutes, for per-coach pass rates.
  coach_id uuid REFERENCES coaches (id),
  part smallint NOT NULL CHECK (part BETWEEN 1 AND 4),
  kind text NOT NULL CHECK (kind IN ('booking', 'result')),
  exam_date date NOT NULL,
  passed boolean,
  score smallint CHECK (score BETWEEN 0 AND 100),
  integration_client_id uuid NOT NULL REFERENCES integration_clients (id),
  -- The police side's own id for the booking or result: a resend is the same row.
  external_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (integration_client_id, kind, external_id)
);
CREATE INDEX exam_results_school_idx ON exam_results (school_id, part) WHERE kind = 'result';
