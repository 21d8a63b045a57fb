-- A restarted bulk re-scoring run goes on after its last stored batch instead of scoring its whole range
-- again: the (started_at, id) of the last session of the last stored batch, written with the progress in
-- the same statement. Sessions are taken in that order, so everything up to it has been scored and stored
-- by this run. NULL before the first batch (and after a restart that had to begin again: the thresholds
-- and weights changed in between, see ruleset_version).
ALTER TABLE anomaly_rescore_runs
  ADD COLUMN resume_after_started_at timestamptz,
  ADD COLUMN resume_after_log_id uuid,
  ADD CONSTRAINT anomaly_rescore_runs_resume_check
    CHECK ((resume_after_started_at IS NULL) = (resume_after_log_id IS NULL));
