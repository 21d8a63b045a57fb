-- Work orders (工单, issue 6): problems found by manual review, anomaly findings, complaints, appeals and
-- inspections are pushed to whoever must fix them (the school, or the county regulator when no school is
-- concerned), with a deadline by category; the county regulator verifies the disposal evidence and closes
-- them (工单按时清零, RULES §4). The monthly report counts pushed orders and the disposal rate from
-- work_orders, so its name and the meaning of created_at (= pushed) and first_disposed_at are fixed.

CREATE TABLE work_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- GD-<county>-<yyyymmdd, Beijing>-<4-digit sequence of that county and day>: readable on the phone.
  number text NOT NULL UNIQUE CHECK (number ~ '^GD-[0-9]{6}-[0-9]{8}-[0-9]{4}$'),
  source_kind text NOT NULL CHECK (source_kind IN ('anomaly', 'review', 'appeal', 'complaint', 'inspection', 'manual')),
  -- anomaly: the teaching log; review: the manual review; appeal, complaint: that row; inspection: the
  -- inspection record (issue 6 supervision actions). Polymorphic, so no foreign key; none for manual.
  source_id uuid,
  CHECK ((source_kind = 'manual') = (source_id IS NULL)),
  category text NOT NULL CHECK (category IN (
    'hours_fraud', 'hours_irregular', 'complaint', 'appeal', 'rectification', 'other'
  )),
  title text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 100),
  description text NOT NULL CHECK (char_length(description) BETWEEN 2 AND 2000),
  -- The jurisdiction: the school's county, or the county the issue belongs to when there is no school.
  county_code char(6) NOT NULL REFERENCES regions (code),
  school_id uuid REFERENCES schools (id),
  coach_id uuid REFERENCES coaches (id),
  CHECK (coach_id IS NULL OR school_id IS NOT NULL),
  -- Who must dispose: the school; or the county (or city) regulator for issues without a school.
  assignee_kind text NOT NULL CHECK (assignee_kind IN ('school', 'county', 'city')),
  CHECK ((assignee_kind = 'school') = (school_id IS NOT NULL)),
  -- open → disposed → closed, or → returned → disposed …; closed → reopened → disposed …
  status text NOT NULL CHECK (status IN ('open', 'disposed', 'returned', 'reopened', 'closed')),
  due_at timestamptz NOT NULL,
  -- Disposal rounds: 1 for the first disposal; a return or a reopening asks for a new round.
  disposal_round smallint NOT NULL DEFAULT 0 CHECK (disposal_round >= 0),
  reminder_sent_at timestamptz,
  -- Set by the jobs loop when the order passed its deadline undisposed; the city regulator supervises it.
  escalated_at timestamptz,
  escalated_to char(6) REFERENCES regions (code),
  CHECK ((escalated_at IS NULL) = (escalated_to IS NULL)),
  -- Went past a deadline at least once (escalated, or disposed late): the overdue metric.
  was_overdue boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  first_disposed_at timestamptz,
  disposed_at timestamptz,
  closed_at timestamptz,
  closed_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL
);
-- One order per review, complaint, appeal or flagged teaching log: a redelivered event or a repeated
-- 转工单 finds the existing order. An inspection may raise several (one per finding).
CREATE UNIQUE INDEX work_orders_source_key ON work_orders (source_kind, source_id)
  WHERE source_kind IN ('anomaly', 'review', 'appeal', 'complaint');
CREATE INDEX work_orders_county_idx ON work_orders (county_code, created_at DESC);
CREATE INDEX work_orders_school_idx ON work_orders (school_id, created_at DESC) WHERE school_id IS NOT NULL;
CREATE INDEX work_orders_pending_due_idx ON work_orders (due_at)
  WHERE status IN ('open', 'returned', 'reopened');

-- The per county and day counter behind the readable number (an upsert, so two creations never draw
-- the same sequence).
CREATE TABLE work_order_sequences (
  county_code char(6) NOT NULL REFERENCES regions (code),
  day date NOT NULL,
  last_value integer NOT NULL,
  PRIMARY KEY (county_code, day)
);

-- History: every step of an order, who took it and why.
CREATE TABLE work_order_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_order_id uuid NOT NULL REFERENCES work_orders (id),
  action text NOT NULL CHECK (action IN (
    'created', 'disposed', 'returned', 'closed', 'reopened', 'reminded', 'escalated'
  )),
  actor_user_id uuid REFERENCES users (id),
  note text,
  at timestamptz NOT NULL
);
CREATE INDEX work_order_events_order_idx ON work_order_events (work_order_id, id);

-- Disposal evidence: one text per disposal round, with up to 5 files (photos or PDF documents).
CREATE TABLE work_order_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  work_order_id uuid NOT NULL REFERENCES work_orders (id),
  round smallint NOT NULL CHECK (round >= 1),
  body text NOT NULL CHECK (char_length(body) BETWEEN 5 AND 2000),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (work_order_id, round)
);

CREATE TABLE work_order_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  evidence_id uuid NOT NULL REFERENCES work_order_evidence (id),
  work_order_id uuid NOT NULL REFERENCES work_orders (id),
  position smallint NOT NULL CHECK (position BETWEEN 0 AND 4),
  file_name text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 120),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 1048576),
  data bytea NOT NULL,
  UNIQUE (evidence_id, position)
);
CREATE INDEX work_order_files_order_idx ON work_order_files (work_order_id);

-- In-app notices: new orders, reminders before the deadline, escalations, returns and reopenings. A
-- school's notices name the school; a regulator's name its region (the county, or the city for escalations).
CREATE TABLE work_order_notices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  work_order_id uuid NOT NULL REFERENCES work_orders (id),
  kind text NOT NULL CHECK (kind IN ('assigned', 'reminder', 'escalated', 'returned', 'reopened', 'disposed')),
  school_id uuid REFERENCES schools (id),
  region_code char(6) REFERENCES regions (code),
  CHECK ((school_id IS NULL) <> (region_code IS NULL)),
  created_at timestamptz NOT NULL
);
CREATE INDEX work_order_notices_school_idx ON work_order_notices (school_id, id DESC) WHERE school_id IS NOT NULL;
CREATE INDEX work_order_notices_region_idx ON work_order_notices (region_code, id DESC) WHERE region_code IS NOT NULL;

-- 教练员记分: points a regulator adds when closing an order confirms the coach's violation; one entry
-- per order, so closing it again after a reopening never counts twice.
CREATE TABLE coach_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  coach_id uuid NOT NULL REFERENCES coaches (id),
  points smallint NOT NULL CHECK (points BETWEEN 1 AND 12),
  work_order_id uuid NOT NULL UNIQUE REFERENCES work_orders (id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 2 AND 500),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX coach_points_coach_idx ON coach_points (coach_id, created_at DESC);
