/**
 * SQL of bulk re-scoring runs (`anomaly_rescore_runs`, 0020): record, find, claim, progress, finish.
 * Every write that belongs to one execution is conditioned on the run's `attempts`, so a worker that
 * lost its run (declared stale and started again elsewhere) changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export const RunStatus = { queued: 'queued', running: 'running', done: 'done', failed: 'failed' } as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export type RunRow = {
  id: string;
  requestedBy: string;
  requestedByName: string;
  requestedByRole: string;
  regionCode: string;
  regionPrefix: string;
  fromDay: string;
  toDay: string;
  status: RunStatus;
  sessionsExpected: number;
  sessionsScored: number;
  batches: number;
  levelNone: number;
  levelLow: number;
  levelMedium: number;
  levelHigh: number;
  flagged: number;
  attempts: number;
  rulesetVersion: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
  /** The last session of the last stored batch: a restart goes on after it. */
  resumeAfterStartedAt: Date | null;
  resumeAfterLogId: string | null;
};

export type RunProgress = {
  sessions: number;
  batches: number;
  flagged: number;
  levels: Record<string, number>;
  /** The last session scored and stored, in (started_at, id) order. */
  after: { startedAt: Date; id: string } | null;
};

const SELECT_RUN = sql`
  SELECT r.id, r.requested_by, u.display_name AS requested_by_name, u.role AS requested_by_role,
         r.region_code, r.region_prefix, r.from_day, r.to_day, r.status, r.sessions_expected,
         r.sessions_scored, r.batches, r.level_none, r.level_low, r.level_medium, r.level_high, r.flagged,
         r.attempts, r.ruleset_version, r.error, r.created_at, r.started_at, r.finished_at, r.updated_at,
         r.resume_after_started_at, r.resume_after_log_id
  FROM anomaly_rescore_runs r JOIN users u ON u.id = r.requested_by`;

/** A region sees runs over itself or a part of it: a county never sees its city's runs. */
const inScope = (prefix: string) => sql`starts_with(r.region_prefix, ${prefix})`;

export function createAnomalyRunsRepository() {
  return {
    /** The run of these days and region still queued or running, if any. */
    async findActive(db: Kysely<DB>, key: { regionPrefix: string; fromDay: string; toDay: string }) {
      const rows = await sql<RunRow>`${SELECT_RUN}
        WHERE r.region_prefix = ${key.regionPrefix} AND r.from_day = ${key.fromDay}::date
          AND r.to_day = ${key.toDay}::date AND r.status IN ('queued', 'running')`.execute(db);
      return rows.rows[0];
    },

    /**
     * Records a queued run; returns its id, or undefined when an active run of the same region and days
     * exists (the partial unique index decides, so two simultaneous requests cannot both insert).
     */
    async insertQueued(
      db: Kysely<DB>,
      run: {
        requestedBy: string;
        regionCode: string;
        regionPrefix: string;
        fromDay: string;
        toDay: string;
        sessionsExpected: number;
        now: Date;
      },
    ): Promise<string | undefined> {
      const rows = await sql<{ id: string }>`
        INSERT INTO anomaly_rescore_runs (requested_by, region_code, region_prefix, from_day, to_day,
                                          sessions_expected, created_at, updated_at)
        VALUES (${run.requestedBy}, ${run.regionCode}, ${run.regionPrefix}, ${run.fromDay}::date,
                ${run.toDay}::date, ${run.sessionsExpected}, ${run.now}, ${run.now})
        ON CONFLICT DO NOTHING
        RETURNING id`.execute(db);
      return rows.rows[0]?.id;
    },

    async findById(db: Kysely<DB>, id: string, prefix: string) {
      const rows = await sql<RunRow>`${SELECT_RUN} WHERE r.id = ${id} AND ${inScope(prefix)}`.execute(db);
      return rows.rows[0];
    },

    /** The region's latest runs (its own and those over a part of it), newest first. */
    async findRecent(db: Kysely<DB>, prefix: string, limit: number) {
      const rows = await sql<RunRow>`${SELECT_RUN} WHERE ${inScope(prefix)}
        ORDER BY r.created_at DESC, r.id LIMIT ${limit}`.execute(db);
      return rows.rows;
    },

    /**
     * Runs left `running` with no heartbeat since `staleBefore` (their process died): started again from
     * the queue while attempts remain, failed otherwise. Returns how many of each.
     */
    async recoverStale(db: Kysely<DB>, staleBefore: Date, maxAttempts: number, now: Date) {
      const rows = await sql<{ status: RunStatus }>`
        UPDATE anomaly_rescore_runs
        SET status = CASE WHEN attempts < ${maxAttempts} THEN 'queued' ELSE 'failed' END,
            error = CASE WHEN attempts < ${maxAttempts} THEN NULL
                         ELSE 'abandoned: no progress since ' || to_char(updated_at AT TIME ZONE 'UTC',
                              'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ' after ' || attempts || ' attempts' END,
            finished_at = CASE WHEN attempts < ${maxAttempts} THEN NULL ELSE ${now}::timestamptz END,
            updated_at = ${now}
        WHERE status = 'running' AND updated_at < ${staleBefore}
        RETURNING status`.execute(db);
      return {
        requeued: rows.rows.filter((r) => r.status === RunStatus.queued).length,
        failed: rows.rows.filter((r) => r.status === RunStatus.failed).length,
      };
    },

    /**
     * Takes the oldest queued run: running, one more attempt. A restarted run keeps its counters and goes
     * on after its last stored batch, unless the thresholds and weights changed since: then it begins
     * again with counters at zero, so that one run never mixes two rulesets. `FOR UPDATE SKIP LOCKED`:
     * two jobs processes never take the same run.
     */
    async claimNext(db: Kysely<DB>, now: Date, rulesetVersion: string) {
      const same = sql`ruleset_version IS NOT DISTINCT FROM ${rulesetVersion}`;
      const keep = (column: string) => sql`CASE WHEN ${same} THEN ${sql.raw(column)} ELSE 0 END`;
      const rows = await sql<{ id: string }>`
        UPDATE anomaly_rescore_runs
        SET status = 'running', attempts = attempts + 1, started_at = ${now}, updated_at = ${now},
            ruleset_version = ${rulesetVersion}, sessions_scored = ${keep('sessions_scored')},
            batches = ${keep('batches')}, level_none = ${keep('level_none')},
            level_low = ${keep('level_low')}, level_medium = ${keep('level_medium')},
            level_high = ${keep('level_high')}, flagged = ${keep('flagged')},
            resume_after_started_at = CASE WHEN ${same} THEN resume_after_started_at END,
            resume_after_log_id = CASE WHEN ${same} THEN resume_after_log_id END
        WHERE id = (SELECT id FROM anomaly_rescore_runs WHERE status = 'queued'
                    ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`.execute(db);
      const id = rows.rows[0]?.id;
      if (!id) return undefined;
      const run = await sql<RunRow>`${SELECT_RUN} WHERE r.id = ${id}`.execute(db);
      return run.rows[0];
    },

    /** Progress so far (totals, not increments); false when the run is no longer this attempt's. */
    async saveProgress(db: Kysely<DB>, id: string, attempt: number, p: RunProgress, now: Date) {
      const r = await sql<{ id: string }>`
        UPDATE anomaly_rescore_runs
        SET sessions_scored = ${p.sessions}, batches = ${p.batches}, flagged = ${p.flagged},
            level_none = ${p.levels.none ?? 0}, level_low = ${p.levels.low ?? 0},
            level_medium = ${p.levels.medium ?? 0}, level_high = ${p.levels.high ?? 0}, updated_at = ${now},
            resume_after_started_at = ${p.after?.startedAt ?? null},
            resume_after_log_id = ${p.after?.id ?? null}
        WHERE id = ${id} AND attempts = ${attempt} AND status = 'running'
        RETURNING id`.execute(db);
      return r.rows.length === 1;
    },

    async finish(
      db: Kysely<DB>,
      id: string,
      attempt: number,
      outcome: { status: 'done' } | { status: 'failed'; error: string },
      now: Date,
    ) {
      const error = outcome.status === 'failed' ? outcome.error.slice(0, 2000) || 'failed' : null;
      await sql`
        UPDATE anomaly_rescore_runs
        SET status = ${outcome.status}, error = ${error}, finished_at = ${now}, updated_at = ${now}
        WHERE id = ${id} AND attempts = ${attempt} AND status = 'running'`.execute(db);
    },

    /** A run interrupted by a shutdown goes back to the queue without using up an attempt. */
    async requeue(db: Kysely<DB>, id: string, attempt: number, now: Date) {
      await sql`
        UPDATE anomaly_rescore_runs SET status = 'queued', attempts = attempts - 1, updated_at = ${now}
        WHERE id = ${id} AND attempts = ${attempt} AND status = 'running'`.execute(db);
    },
  };
}

export type AnomalyRunsRepository = ReturnType<typeof createAnomalyRunsRepository>;
