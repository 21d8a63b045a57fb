-- Evaluations and complaints (issue 5).
--
-- An approved stage submission invites its trainee to evaluate the school and the part's leading coach,
-- once. Complaints and suggestions are real-name, carry a tracking number, and go to the school first
-- and then to the county regulator, each with a reply deadline. school_ratings and
-- school_complaint_stats (0010) are the summaries the public search reads; the feedback module keeps
-- them right from its writes and its periodic job.

CREATE TABLE evaluation_invitations (
  stage_submission_id uuid PRIMARY KEY REFERENCES stage_submissions (id),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  -- The coach who taught most of the part's credited minutes; null when no log names one.
  coach_id uuid REFERENCES coaches (id),
  part smallint NOT NULL CHECK (part BETWEEN 1 AND 4),
  invited_at timestamptz NOT NULL
);
CREATE INDEX evaluation_invitations_trainee_idx ON evaluation_invitations (trainee_id);

CREATE TABLE evaluations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- One evaluation per approved stage submission: the key that makes a retried POST a replay.
  stage_submission_id uuid NOT NULL UNIQUE REFERENCES evaluation_invitations (stage_submission_id),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  coach_id uuid REFERENCES coaches (id),
  part smallint NOT NULL CHECK (part BETWEEN 1 AND 4),
  overall_stars smallint NOT NULL CHECK (overall_stars BETWEEN 1 AND 5),
  teaching_stars smallint NOT NULL CHECK (teaching_stars BETWEEN 1 AND 5),
  attitude_stars smallint NOT NULL CHECK (attitude_stars BETWEEN 1 AND 5),
  car_stars smallint NOT NULL CHECK (car_stars BETWEEN 1 AND 5),
  environment_stars smallint NOT NULL CHECK (environment_stars BETWEEN 1 AND 5),
  body text NOT NULL DEFAULT '' CHECK (char_length(body) <= 500),
  -- published: public; held: stopped by the automatic check until a regulator decides; hidden: a
  -- regulator took it down. Only published evaluations count toward school_ratings.
  status text NOT NULL CHECK (status IN ('published', 'held', 'hidden')),
  -- Why it is held (automatic: phone_number, link, banned_word) or hidden (the regulator's text).
  hold_reasons text[] NOT NULL DEFAULT '{}',
  moderation_reason text,
  moderated_by uuid REFERENCES users (id),
  moderated_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX evaluations_school_published_idx ON evaluations (school_id, created_at DESC)
  WHERE status = 'published';
CREATE INDEX evaluations_status_idx ON evaluations (status, created_at);

CREATE TABLE complaints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- TS + yymmdd (Beijing date) + 6 random digits: given to the complainant, who looks it up with the phone.
  tracking_number char(14) NOT NULL UNIQUE CHECK (tracking_number ~ '^TS[0-9]{12}$'),
  kind text NOT NULL CHECK (kind IN ('complaint', 'suggestion')),
  category text NOT NULL CHECK (category IN (
    'refund_dispute', 'teaching_quality', 'extra_fees', 'training_hours', 'service_attitude', 'other'
  )),
  target text NOT NULL CHECK (target IN ('school', 'coach', 'platform')),
  school_id uuid REFERENCES schools (id),
  coach_id uuid REFERENCES coaches (id),
  CHECK ((target = 'platform') = (school_id IS NULL)),
  CHECK ((target = 'coach') = (coach_id IS NOT NULL)),
  -- The county whose regulator supervises it: the school's county, or the one a platform complaint names.
  county_code char(6) NOT NULL REFERENCES regions (code),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  -- Real name: a signed-in trainee (name and phone from the roster), or a visitor who gives both.
  trainee_id uuid REFERENCES trainees (id),
  complainant_name text NOT NULL,
  complainant_phone text NOT NULL,
  -- Scoped to the complainant (trainee id or phone), so two people's keys never meet.
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('submitted', 'school_replied', 'escalated', 'resolved', 'closed')),
  -- Why it reached the regulator: school_overdue, unsatisfied, platform_target.
  escalation_reason text,
  school_due_at timestamptz,
  regulator_due_at timestamptz,
  school_reply text,
  school_replied_at timestamptz,
  school_replied_by uuid REFERENCES users (id),
  regulator_reply text,
  regulator_replied_at timestamptz,
  regulator_replied_by uuid REFERENCES users (id),
  -- Set by the complainant after a reply; unsatisfied with the school's reply reopens it to the regulator.
  satisfaction text CHECK (satisfaction IN ('satisfied', 'unsatisfied')),
  satisfaction_at timestamptz,
  -- withdrawn (by the complainant), no_feedback (no rating in time after a reply), invalid (regulator).
  close_reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX complaints_school_idx ON complaints (school_id, created_at DESC);
CREATE INDEX complaints_county_idx ON complaints (county_code, status);
CREATE INDEX complaints_trainee_idx ON complaints (trainee_id) WHERE trainee_id IS NOT NULL;
CREATE INDEX complaints_open_due_idx ON complaints (status, school_due_at)
  WHERE status IN ('submitted', 'school_replied', 'escalated');

CREATE TABLE complaint_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  position smallint NOT NULL CHECK (position BETWEEN 0 AND 2),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  size_bytes integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 307200),
  data bytea NOT NULL,
  UNIQUE (complaint_id, position)
);
