-- Bulk anomaly re-scoring as a background job: POST /api/regulator/anomalies/rescore records a run here and
-- answers at once; the jobs loop executes queued runs one at a time (a province-day takes minutes, too long
-- for one HTTP request) and writes its progress after every batch, so the page can show it.
CREATE TABLE anomaly_rescore_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Who asked: the batch audit entries of the run name this user, as the synchronous request did.
  requested_by uuid NOT NULL REFERENCES users (id),
  -- The region asked for (the caller's own, or a city/county inside it) and its GB/T 2260 prefix, which
  -- is what the sessions are selected by and what region-scoped reads compare with.
  region_code char(6) NOT NULL REFERENCES regions (code),
  region_prefix text NOT NULL CHECK (region_prefix ~ '^[0-9]{2}([0-9]{2}([0-9]{2})?)?$'),
  CHECK (starts_with(region_code, region_prefix)),
  -- Beijing calendar days, both included; at most 31 (the route's limit).
  from_day date NOT NULL,
  to_day date NOT NULL,
  CHECK (to_day >= from_day AND to_day - from_day < 31),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- Sessions in range when the run was requested (checked against the size cap then); more may be scored
  -- if the audit finishes sessions of those days meanwhile.
  sessions_expected integer NOT NULL CHECK (sessions_expected >= 0),
  sessions_scored integer NOT NULL DEFAULT 0 CHECK (sessions_scored >= 0),
  batches integer NOT NULL DEFAULT 0 CHECK (batches >= 0),
  level_none integer NOT NULL DEFAULT 0 CHECK (level_none >= 0),
  level_low integer NOT NULL DEFAULT 0 CHECK (level_low >= 0),
  level_medium integer NOT NULL DEFAULT 0 CHECK (level_medium >= 0),
  level_high integer NOT NULL DEFAULT 0 CHECK (level_high >= 0),
  -- Sessions this run flagged high for the first time (a session is flagged once, ever).
  flagged integer NOT NULL DEFAULT 0 CHECK (flagged >= 0),
  -- Times a jobs process started the run. A run left running by a crashed process is started again from
  -- its first day (scoring is idempotent) up to 3 times, then failed; `attempts` also tells a worker
  -- whether the run is still its own before it writes progress.
  attempts smallint NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 3),
  -- Thresholds and weights the run scored with (session_risks.ruleset_version).
  ruleset_version text,
  -- Why a run failed; only failed runs have one.
  error text CHECK (length(error) BETWEEN 1 AND 2000),
  CHECK ((status = 'failed') = (error IS NOT NULL)),
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  -- Written with every change, after every batch included: the heartbeat by which a run whose process
  -- died is told from a slow one.
  updated_at timestamptz NOT NULL,
  CHECK (status NOT IN ('running', 'done') OR started_at IS NOT NULL),
  CHECK ((status IN ('done', 'failed')) = (finished_at IS NOT NULL))
);

-- One active run per region and days: a repeated request (a retry, a second click) finds it instead of
-- scoring the same sessions twice. Finished runs do not count, so the same period can be run again later.
CREATE UNIQUE INDEX anomaly_rescore_runs_active_idx ON anomaly_rescore_runs (region_prefix, from_day, to_day)
  WHERE status IN ('queued', 'running');
-- The jobs loop takes the oldest queued run; the page lists a region's latest runs.
CREATE INDEX anomaly_rescore_runs_queued_idx ON anomaly_rescore_runs (created_at) WHERE status = 'queued';
CREATE INDEX anomaly_rescore_runs_recent_idx ON anomaly_rescore_runs (region_prefix text_pattern_ops, created_at DESC);
