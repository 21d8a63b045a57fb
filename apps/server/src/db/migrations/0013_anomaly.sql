-- Anomaly detection wired into the server (issue 6, RULES §3): per-session risk scores, the findings
-- that explain them, track fingerprints for the replay check, and the queue of sessions to score.
-- The detectors themselves are pure code (modules/anomaly/detectors.ts); these tables hold their output.

-- 行驶记录速度 (pulse/CAN speed) of each fix: the 驾培 basic block carries it instead of the altitude,
-- JT/T 808-2013 terminals in additional item 0x03. The 跑马机 check compares it with the GNSS speed.
-- NULL: the terminal did not report it (the check then skips the fix).
ALTER TABLE positions ADD COLUMN recorder_speed_decikmh integer CHECK (recorder_speed_decikmh >= 0);

-- Bulk scoring and the overlap checks select logs by time.
CREATE INDEX teaching_logs_started_idx ON teaching_logs (started_at);

-- The audit's out-of-fence minutes (RULES §2 rule 5) become a finding; this small partial index finds
-- them without reading every verdict of a session.
CREATE INDEX minute_verdicts_outside_fence_idx ON minute_verdicts (teaching_log_id)
  WHERE 'outside_teaching_area' = ANY (reasons);

-- One row per scored terminal session. Re-scoring updates it in place; `flagged_at` is set the first
-- time the level reached high (when anomaly.session_flagged was published) and never cleared, so the
-- event goes out once per session. county_code, school_id and session_day are copied from the log and
-- its school so the region/date lists need no join.
CREATE TABLE session_risks (
  teaching_log_id uuid PRIMARY KEY REFERENCES teaching_logs (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  county_code char(6) NOT NULL,
  -- The session's calendar day in Beijing time (UTC+8).
  session_day date NOT NULL,
  started_at timestamptz NOT NULL,
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  level text NOT NULL CHECK (level IN ('none', 'low', 'medium', 'high')),
  -- Detectors that counted, strongest first (risk-score.ts contributions).
  detectors text[] NOT NULL DEFAULT '{}',
  -- [{ detector, points, findings }]: every point traceable to a detector.
  contributions jsonb NOT NULL DEFAULT '[]',
  -- Hash of the detector thresholds and weights in force: a recalibration shows which rows are stale.
  ruleset_version text NOT NULL,
  computed_at timestamptz NOT NULL,
  flagged_at timestamptz
);
CREATE INDEX session_risks_day_idx ON session_risks (session_day, county_code);
CREATE INDEX session_risks_flagged_idx ON session_risks (session_day, level) WHERE level IN ('medium', 'high');
CREATE INDEX session_risks_school_idx ON session_risks (school_id, started_at DESC);

-- What each detector saw (evidence: numbers and ids only, worded by the UI). Re-scoring replaces a
-- session's rows. `counted` marks the finding whose points entered the score (one per detector).
CREATE TABLE session_findings (
  id bigserial PRIMARY KEY,
  teaching_log_id uuid NOT NULL REFERENCES session_risks (teaching_log_id) ON DELETE CASCADE,
  county_code char(6) NOT NULL,
  session_day date NOT NULL,
  detector text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  counted boolean NOT NULL,
  evidence jsonb NOT NULL,
  -- Where: the first position concerned (NULL for clock drift and overlaps).
  latitude double precision,
  longitude double precision,
  from_at timestamptz NOT NULL,
  to_at timestamptz NOT NULL
);
CREATE INDEX session_findings_log_idx ON session_findings (teaching_log_id);
CREATE INDEX session_findings_day_idx ON session_findings (session_day, county_code, detector);
CREATE INDEX session_findings_map_idx ON session_findings (session_day, latitude, longitude)
  WHERE latitude IS NOT NULL;

-- The shape of each scored session's track (32 resampled points and the path length, under 1 KB), so a
-- later session of the same car is checked for replay without loading the earlier points.
CREATE TABLE session_fingerprints (
  teaching_log_id uuid PRIMARY KEY REFERENCES teaching_logs (id),
  vehicle_id uuid NOT NULL REFERENCES vehicles (id),
  started_at timestamptz NOT NULL,
  path_m integer NOT NULL CHECK (path_m >= 0),
  points jsonb NOT NULL
);
CREATE INDEX session_fingerprints_vehicle_idx ON session_fingerprints (vehicle_id, started_at);

-- Terminal sessions waiting to be scored: filled by the trigger below when the audit first gives a log
-- its verdict (or changes it), and by a scored session whose overlap partner must be scored again;
-- emptied by the jobs loop. A row is a request, so enqueuing twice is harmless.
CREATE TABLE anomaly_due (
  teaching_log_id uuid PRIMARY KEY REFERENCES teaching_logs (id),
  due_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX anomaly_due_at_idx ON anomaly_due (due_at);

CREATE FUNCTION anomaly_enqueue_audited() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.source = 'terminal' AND NEW.audited_at IS NOT NULL AND (
       TG_OP = 'INSERT' OR OLD.audited_at IS NULL
       OR OLD.session_reasons IS DISTINCT FROM NEW.session_reasons
       OR OLD.valid_minutes IS DISTINCT FROM NEW.valid_minutes) THEN
    INSERT INTO anomaly_due (teaching_log_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER teaching_logs_anomaly_due AFTER INSERT OR UPDATE OF audited_at ON teaching_logs
  FOR EACH ROW EXECUTE FUNCTION anomaly_enqueue_audited();

-- Logs audited before this migration are scored by the jobs loop too.
INSERT INTO anomaly_due (teaching_log_id)
SELECT id FROM teaching_logs WHERE source = 'terminal' AND audited_at IS NOT NULL;
