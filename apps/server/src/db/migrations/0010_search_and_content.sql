-- Public school search and profiles, and the guide/FAQ pages (issue 5).
--
-- school_search is the read model the public list filters and sorts on: one row per school with the
-- figures that otherwise need a join or an aggregate per row (prices, counts, rating, pass rate,
-- complaints, supervision). Triggers on every source table keep it right, so the writers (registry,
-- exam-link, and later evaluations, complaints and the regulator) need not know it exists. Each trigger
-- is per statement and recomputes the affected schools from their sources (never increments), so a
-- batch insert costs one refresh per school and a refresh can never drift.

-- Filled by the evaluations module: one summary row per school with at least one published evaluation.
CREATE TABLE school_ratings (
  school_id uuid PRIMARY KEY REFERENCES schools (id),
  evaluation_count integer NOT NULL CHECK (evaluation_count >= 0),
  -- Averages of 1–5 stars over published evaluations; null when that dimension has no stars yet.
  overall_avg double precision CHECK (overall_avg BETWEEN 1 AND 5),
  teaching_avg double precision CHECK (teaching_avg BETWEEN 1 AND 5),
  attitude_avg double precision CHECK (attitude_avg BETWEEN 1 AND 5),
  car_avg double precision CHECK (car_avg BETWEEN 1 AND 5),
  environment_avg double precision CHECK (environment_avg BETWEEN 1 AND 5),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Filled by the complaints module: the complaints that count toward the public rate (that module
-- decides which, e.g. accepted complaints of the last 12 months). No row: no complaint data yet.
CREATE TABLE school_complaint_stats (
  school_id uuid PRIMARY KEY REFERENCES schools (id),
  complaint_count integer NOT NULL CHECK (complaint_count >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- 重点监管: a row means the school is under key supervision (set and lifted by a regulator).
CREATE TABLE school_key_supervisions (
  school_id uuid PRIMARY KEY REFERENCES schools (id),
  reason text NOT NULL,
  since date NOT NULL,
  set_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- 班型 price breakdown: every fee of a class type, what it covers and whether the price includes it.
CREATE TABLE class_type_fees (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  class_type_id uuid NOT NULL REFERENCES class_types (id),
  position smallint NOT NULL CHECK (position >= 0),
  item text NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
  -- included: part of the class price; extra: charged only when it happens (补考费, 超学时), never upfront.
  kind text NOT NULL CHECK (kind IN ('included', 'extra')),
  note text NOT NULL DEFAULT '',
  UNIQUE (class_type_id, position)
);

CREATE TABLE school_search (
  school_id uuid PRIMARY KEY REFERENCES schools (id),
  name text NOT NULL,
  short_name text NOT NULL,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  county_code char(6) NOT NULL,
  grade smallint NOT NULL,
  licence_classes text[] NOT NULL,
  status text NOT NULL,
  coach_count integer NOT NULL DEFAULT 0,
  vehicle_count integer NOT NULL DEFAULT 0,
  -- Lowest and highest price of the school's class types on sale, in 分; null when none is on sale.
  min_price_fen bigint,
  max_price_fen bigint,
  rating double precision,
  rating_count integer NOT NULL DEFAULT 0,
  -- Exam results (not bookings) over all parts, and passed ÷ attempts rounded to 4 decimals like
  -- exam-link's passRate(); null with no attempts.
  exam_attempts integer NOT NULL DEFAULT 0,
  exam_passed integer NOT NULL DEFAULT 0,
  pass_rate double precision,
  complaint_count integer,
  -- complaints × 100 ÷ active training cars, 2 decimals; null with no complaint data or no cars.
  complaints_per_hundred_cars double precision,
  key_supervision boolean NOT NULL DEFAULT false,
  refreshed_at timestamptz NOT NULL DEFAULT now()
);
-- Distance sort: a KNN scan of this index (ORDER BY ll_to_earth(..) <-> ll_to_earth($lat, $lon)).
CREATE INDEX school_search_location_idx ON school_search USING gist (ll_to_earth(latitude, longitude));
-- The other sorts walk a b-tree in order and stop after a page instead of sorting every school.
CREATE INDEX school_search_price_idx ON school_search (min_price_fen ASC NULLS LAST, school_id);
CREATE INDEX school_search_rating_idx ON school_search (rating DESC NULLS LAST, school_id);
CREATE INDEX school_search_pass_rate_idx ON school_search (pass_rate DESC NULLS LAST, school_id);
CREATE INDEX school_search_county_idx ON school_search (county_code);

/*
 * Recomputes one school's row from its sources. Locks the row first: in READ COMMITTED every statement
 * of a volatile function takes a new snapshot, so a writer that waited on the lock then counts the rows
 * the writer before it committed (two class types added at once both count).
 */
CREATE FUNCTION refresh_school_search(p_school uuid) RETURNS void LANGUAGE plpgsql AS $$
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
    key_supervision = EXISTS (SELECT 1 FROM school_key_supervisions k WHERE k.school_id = p_school),
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

-- Refreshes every school named in a statement's transition table, in id order (a fixed lock order, so
-- two statements touching the same schools cannot deadlock).
CREATE FUNCTION school_search_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_school_search(id) FROM (SELECT DISTINCT school_id AS id FROM new_rows ORDER BY 1) x;
  RETURN NULL;
END $$;
CREATE FUNCTION school_search_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_school_search(id) FROM (
    SELECT school_id AS id FROM new_rows UNION SELECT school_id FROM old_rows ORDER BY 1
  ) x;
  RETURN NULL;
END $$;
CREATE FUNCTION school_search_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_school_search(id) FROM (SELECT DISTINCT school_id AS id FROM old_rows ORDER BY 1) x;
  RETURN NULL;
END $$;
-- schools itself is keyed by id, not school_id.
CREATE FUNCTION school_search_after_school_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_school_search(id) FROM (SELECT DISTINCT id FROM new_rows ORDER BY 1) x;
  RETURN NULL;
END $$;
-- class_type_fees do not change the search row; class_types carry school_id directly.

CREATE TRIGGER school_search_schools_insert AFTER INSERT ON schools
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_school_change();
CREATE TRIGGER school_search_schools_update AFTER UPDATE ON schools
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_school_change();

CREATE TRIGGER school_search_coaches_insert AFTER INSERT ON coaches
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_insert();
CREATE TRIGGER school_search_coaches_update AFTER UPDATE ON coaches
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_update();
CREATE TRIGGER school_search_coaches_delete AFTER DELETE ON coaches
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_delete();

CREATE TRIGGER school_search_vehicles_insert AFTER INSERT ON vehicles
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_insert();
CREATE TRIGGER school_search_vehicles_update AFTER UPDATE ON vehicles
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_update();
CREATE TRIGGER school_search_vehicles_delete AFTER DELETE ON vehicles
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_delete();

CREATE TRIGGER school_search_class_types_insert AFTER INSERT ON class_types
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_insert();
CREATE TRIGGER school_search_class_types_update AFTER UPDATE ON class_types
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_update();
CREATE TRIGGER school_search_class_types_delete AFTER DELETE ON class_types
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_delete();

CREATE TRIGGER school_search_exam_results_insert AFTER INSERT ON exam_results
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_insert();
CREATE TRIGGER school_search_exam_results_update AFTER UPDATE ON exam_results
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_update();
CREATE TRIGGER school_search_exam_results_delete AFTER DELETE ON exam_results
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_delete();

CREATE TRIGGER school_search_ratings_insert AFTER INSERT ON school_ratings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_insert();
CREATE TRIGGER school_search_ratings_update AFTER UPDATE ON school_ratings
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_update();
CREATE TRIGGER school_search_ratings_delete AFTER DELETE ON school_ratings
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_delete();

CREATE TRIGGER school_search_complaints_insert AFTER INSERT ON school_complaint_stats
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_insert();
CREATE TRIGGER school_search_complaints_update AFTER UPDATE ON school_complaint_stats
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_update();
CREATE TRIGGER school_search_complaints_delete AFTER DELETE ON school_complaint_stats
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_delete();

CREATE TRIGGER school_search_supervision_insert AFTER INSERT ON school_key_supervisions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_insert();
CREATE TRIGGER school_search_supervision_update AFTER UPDATE ON school_key_supervisions
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_update();
CREATE TRIGGER school_search_supervision_delete AFTER DELETE ON school_key_supervisions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION school_search_after_delete();

-- Schools filed before this migration.
SELECT refresh_school_search(id) FROM (SELECT id FROM schools ORDER BY id) x;

-- 学车指南 and 常见问题: Markdown pages a city regulator edits; the public reads the published ones.
CREATE TABLE content_pages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code char(6) NOT NULL REFERENCES regions (code),
  section text NOT NULL CHECK (section IN ('guide', 'faq')),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  locale text NOT NULL CHECK (locale IN ('zh-CN', 'en-US')),
  title text NOT NULL,
  body_markdown text NOT NULL,
  sort_order integer NOT NULL DEFAULT 0,
  published boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  UNIQUE (region_code, slug, locale)
);
CREATE INDEX content_pages_public_idx ON content_pages (locale, section, sort_order) WHERE published;
