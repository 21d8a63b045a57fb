-- 重点监管 and the regulators' recorded supervision actions (RULES §4, seed 001 工作举措 and 附件2; issue 6).
--
-- key_supervisions replaces school_key_supervisions (one row per school, deleted on lift): an entry names a
-- school or a coach, why, which sanction and for which period, and is never deleted — removal after review
-- sets lifted_at with the reviewer's note, so every month's list can be told again (the monthly notice,
-- the monthly report's 重点监管 columns).

CREATE TABLE key_supervisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject text NOT NULL CHECK (subject IN ('school', 'coach')),
  -- For a coach: the coach's school when listed (a coach changing school keeps the entry's school).
  school_id uuid NOT NULL REFERENCES schools (id),
  coach_id uuid REFERENCES coaches (id),
  -- The school's county when listed: region scope and the monthly report count by it.
  county_code char(6) NOT NULL REFERENCES regions (code),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  -- Schools: rectify (责令限期整改), enrolment_stopped (停止招生), business_suspended (停业整顿).
  -- Coaches: suspended (停止执教: no terminal sign-in), rectify.
  sanction text NOT NULL,
  from_date date NOT NULL,
  -- Last day of the sanction; null: until lifted after review.
  until_date date,
  lifted_at timestamptz,
  lift_note text,
  lifted_by uuid REFERENCES users (id),
  -- Null only for entries migrated from school_key_supervisions without a setter (seed data).
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((subject = 'school') = (coach_id IS NULL)),
  CHECK (
    (subject = 'school' AND sanction IN ('rectify', 'enrolment_stopped', 'business_suspended'))
    OR (subject = 'coach' AND sanction IN ('suspended', 'rectify'))
  ),
  CHECK (until_date IS NULL OR until_date >= from_date),
  CHECK ((lifted_at IS NULL) = (lift_note IS NULL)),
  CHECK (lift_note IS NULL OR length(btrim(lift_note)) BETWEEN 1 AND 500)
);
CREATE INDEX key_supervisions_school_idx ON key_supervisions (school_id, from_date);
CREATE INDEX key_supervisions_coach_idx ON key_supervisions (coach_id, from_date) WHERE coach_id IS NOT NULL;
CREATE INDEX key_supervisions_county_idx ON key_supervisions (county_code, from_date);

-- History is kept: no DELETE, and the only UPDATE is the one lift (lifted_at, lift_note, lifted_by) of an
-- entry not lifted yet. Everything else about an entry is what was decided when it was listed.
CREATE FUNCTION key_supervisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'key_supervisions keeps its history: rows are lifted, never deleted';
  END IF;
  IF OLD.lifted_at IS NOT NULL
     OR (NEW.id, NEW.subject, NEW.school_id, NEW.coach_id, NEW.county_code, NEW.reason, NEW.sanction,
         NEW.from_date, NEW.until_date, NEW.created_by, NEW.created_at)
        IS DISTINCT FROM
        (OLD.id, OLD.subject, OLD.school_id, OLD.coach_id, OLD.county_code, OLD.reason, OLD.sanction,
         OLD.from_date, OLD.until_date, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'key_supervisions: only lifting an entry not lifted yet is allowed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER key_supervisions_guard BEFORE UPDATE OR DELETE ON key_supervisions
  FOR EACH ROW EXECUTE FUNCTION key_supervisions_guard();

-- The monthly public notice (每月通报): a city publishes a month once; the entries in effect that month are
-- frozen in items (masked coach names), so what the public read never changes afterwards.
CREATE TABLE key_supervision_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  city_code char(6) NOT NULL REFERENCES regions (code),
  month char(7) NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  items jsonb NOT NULL,
  published_by uuid NOT NULL REFERENCES users (id),
  published_at timestamptz NOT NULL,
  UNIQUE (city_code, month)
);

-- Actions regulators record (附件2 资质核查, 分级约谈, 集中执法). Append-only: the monthly report counts them.
CREATE TABLE supervision_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('qualification_check', 'rectification_order', 'interview_authority',
    'interview_school', 'enforcement', 'penalty_school', 'penalty_coach')),
  -- Where: the interviewed county authority, the county of the enforcement, or the school's county.
  county_code char(6) NOT NULL REFERENCES regions (code),
  school_id uuid REFERENCES schools (id),
  coach_id uuid REFERENCES coaches (id),
  -- A penalty on the spot (当场处罚) belongs to the enforcement (集中执法) at which it was decided.
  enforcement_id uuid REFERENCES supervision_actions (id),
  happened_on date NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (
    CASE kind
      WHEN 'interview_authority' THEN school_id IS NULL AND coach_id IS NULL
      WHEN 'enforcement' THEN school_id IS NULL AND coach_id IS NULL
      WHEN 'penalty_coach' THEN school_id IS NOT NULL AND coach_id IS NOT NULL
      ELSE school_id IS NOT NULL AND coach_id IS NULL
    END
  ),
  CHECK ((kind IN ('penalty_school', 'penalty_coach')) = (enforcement_id IS NOT NULL))
);
CREATE INDEX supervision_actions_county_idx ON supervision_actions (county_code, happened_on);
CREATE INDEX supervision_actions_kind_idx ON supervision_actions (kind, happened_on);

CREATE FUNCTION supervision_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'supervision_actions is append-only';
END $$;
CREATE TRIGGER supervision_actions_append_only BEFORE UPDATE OR DELETE ON supervision_actions
  FOR EACH ROW EXECUTE FUNCTION supervision_actions_append_only();

-- The entries of the old table: the old model had no sanction, so they become the mildest (rectify, which
-- stops nothing), open-ended and not lifted; the search flag they set stays as it is.
INSERT INTO key_supervisions (subject, school_id, county_code, reason, sanction, from_date, created_by, created_at)
SELECT 'school', k.school_id, s.county_code, k.reason, 'rectify', k.since, k.set_by, k.created_at
FROM school_key_supervisions k JOIN schools s ON s.id = k.school_id;

/*
 * The search row's key_supervision flag now depends on the day (an entry starts, ends or is lifted), which
 * a trigger on the sources cannot see; the supervision module sets it (after each write and in a periodic
 * job, by the injected clock). So the refresh keeps the flag as it is. Otherwise identical to 0010.
 */
CREATE OR REPLACE FUNCTION refresh_school_search(p_school uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO school_search (school_id, name, short_name, latitude, longitude, county_code, grade,
                             licence_classes, status)
  SELECT id, name, short_name, latitude, longitude, county_code, grade, licence_classes, status
  FROM schools WHERE id = p_school
  ON CONFLICT (school_id) DO NOTHING;
  PERFORM 1 FROM school_search WHERE school_id = p_school FOR UPDATE;

  UPDATE school_search ss SET
    name = s.name,
    short_name = s.short_name,
    latitude = s.latitude,
    longitude = s.longitude,
    county_code = s.county_code,
    grade = s.grade,
    licence_classes = s.licence_classes,
    status = s.status,
    coach_count = (SELECT count(*) FROM coaches c WHERE c.school_id = p_school AND c.status = 'active'),
    vehicle_count = v.n,
    min_price_fen = p.lo,
    max_price_fen = p.hi,
    rating = CASE WHEN r.evaluation_count > 0 THEN round(r.overall_avg::numeric, 2)::double precision END,
    rating_count = coalesce(r.evaluation_count, 0),
    exam_attempts = e.attempts,
    exam_passed = e.passed,
    pass_rate = CASE WHEN e.attempts > 0
      THEN round(e.passed::numeric / e.attempts, 4)::double precision END,
    complaint_count = cs.complaint_count,
    complaints_per_hundred_cars = CASE WHEN cs.complaint_count IS NOT NULL AND v.n > 0
      THEN round(cs.complaint_count * 100.0 / v.n, 2)::double precision END,
    refreshed_at = now()
  FROM schools s
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS n FROM vehicles WHERE school_id = p_school AND status = 'active'
  ) v
  CROSS JOIN LATERAL (
    SELECT min(price_fen) AS lo, max(price_fen) AS hi
    FROM class_types WHERE school_id = p_school AND status = 'on_sale'
  ) p
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS attempts, count(*) FILTER (WHERE passed)::int AS passed
    FROM exam_results WHERE school_id = p_school AND kind = 'result'
  ) e
  LEFT JOIN school_ratings r ON r.school_id = p_school
  LEFT JOIN school_complaint_stats cs ON cs.school_id = p_school
  WHERE s.id = p_school AND ss.school_id = p_school;
END $$;

-- Its triggers go with it.
DROP TABLE school_key_supervisions;
