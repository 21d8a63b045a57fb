/**
 * The anomaly module's API (issue 6): scoring closed terminal sessions (jobs loop, bulk runs) and the
 * region-scoped reads regulators (and schools, for their own sessions) use. Scoring itself is
 * anomaly.scorer.ts; the rules are the pure detectors.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/app-error.ts';
import {
  hasPermission,
  isInRegion,
  regionPrefix,
  requirePermission,
  schoolScopeOf,
  type Actor,
} from '../../shared/access.ts';
import type { Clock } from '../../shared/clock.ts';
import type { DomainEventBus } from '../../shared/domain-events.ts';
import { Permission, type Role } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import { createAnomalyReadRepository, type FindingRow, type ReadScope } from './anomaly-read.repository.ts';
import { createAnomalyRunsRepository, type RunProgress, type RunRow } from './anomaly-runs.repository.ts';
import { createAnomalyRepository } from './anomaly.repository.ts';
import {
  createAnomalyScorer,
  RULESET_VERSION,
  type BatchResult,
  type ScoringTimings,
} from './anomaly.scorer.ts';

/** Sessions scored per transaction in bulk runs: few statements per batch, bounded memory (~120k fixes). */
export const BULK_BATCH = 2_000;
/** A request re-scores at most this many sessions (about a province-day); more goes through the CLI. */
export const MAX_RUN_SESSIONS = 100_000;
/**
 * A running re-scoring run whose heartbeat (`updated_at`, written after every batch of ≤ 2,000 sessions,
 * some 10 s each on a busy machine) is older than this was left by a process that died: it is queued
 * again from its first day (scoring is idempotent) until it has been started MAX_RUN_ATTEMPTS times, then
 * failed, so a run that kills its process every time cannot loop forever.
 */
export const RUN_STALE_MS = 15 * 60_000;
export const MAX_RUN_ATTEMPTS = 3;
/** Longest period of the map and daily series (a quarter). */
const MAX_SERIES_DAYS = 92;
const MAX_RUN_DAYS = 31;
const DAY_MS = 86_400_000;
/** A session's place in bulk re-scoring order: (started_at, id). */
type SessionCursor = { startedAt: Date; id: string };
const CST_MS = 8 * 3_600_000;

export type SessionListQuery = {
  from: string;
  to: string;
  level?: ('none' | 'low' | 'medium' | 'high')[];
  detector?: string;
  schoolId?: string;
  regionCode?: string;
  page: number;
  pageSize: number;
};

/** Days between two `YYYY-MM-DD` dates, inclusive; throws on a range that ends first or is too long. */
function checkRange(from: string, to: string, maxDays: number | null): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) {
    throw new AppError('anomaly.range_invalid', {
      message: `range ${from}..${to} ends before it starts`,
      details: { from, to },
    });
  }
  const days = (b - a) / DAY_MS + 1;
  if (maxDays !== null && days > maxDays) {
    throw new AppError('anomaly.range_invalid', {
      message: `range ${from}..${to} spans ${days} days, at most ${maxDays}`,
      details: { from, to, days, maxDays },
    });
  }
  return days;
}

/** The first instant of a Beijing calendar day. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - CST_MS);

/** Thrown inside a run's batch callback: the run is no longer this worker's, or the process is stopping. */
class RunStopped extends Error {
  constructor(readonly reason: 'lost' | 'interrupted') {
    super(`rescore run ${reason}`);
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A run as the routes answer it. */
const runOut = (r: RunRow) => ({
  id: r.id,
  regionCode: r.regionCode,
  from: r.fromDay,
  to: r.toDay,
  status: r.status,
  requestedBy: { userId: r.requestedBy, name: r.requestedByName },
  sessionsExpected: r.sessionsExpected,
  sessionsScored: r.sessionsScored,
  batches: r.batches,
  flagged: r.flagged,
  levels: { none: r.levelNone, low: r.levelLow, medium: r.levelMedium, high: r.levelHigh },
  attempts: r.attempts,
  rulesetVersion: r.rulesetVersion,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
  updatedAt: r.updatedAt.toISOString(),
});
export type RescoreRun = ReturnType<typeof runOut>;

const findingOut = (f: FindingRow) => ({
  id: f.id,
  detector: f.detector,
  severity: f.severity,
  score: f.score,
  counted: f.counted,
  evidence: f.evidence,
  at: f.latitude !== null && f.longitude !== null ? { latitude: f.latitude, longitude: f.longitude } : null,
  fromAt: f.fromAt.toISOString(),
  toAt: f.toAt.toISOString(),
});

export function createAnomalyService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
  events: DomainEventBus;
}) {
  const { db, clock } = deps;
  const repo = createAnomalyRepository();
  const read = createAnomalyReadRepository();
  const runs = createAnomalyRunsRepository();
  const scorer = createAnomalyScorer({ repo, clock, audit: deps.audit, events: deps.events });

  /** The region an actor reads, optionally narrowed to `regionCode` inside it. */
  function regionOf(actor: Actor, regionCode?: string): string {
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('auth.forbidden', { message: 'not a regional account' });
    if (regionCode === undefined) return scope.prefix;
    if (!isInRegion(actor.regionCode!, regionCode)) {
      throw new AppError('auth.forbidden', { message: `${regionCode} is outside ${actor.regionCode}` });
    }
    return regionPrefix(regionCode);
  }

  /** Regulators read their region (narrowed by `regionCode`), school users their school. */
  function readScope(actor: Actor, regionCode?: string): ReadScope {
    if (hasPermission(actor, Permission.regulatorAnomalyRead)) return { prefix: regionOf(actor, regionCode) };
    requirePermission(actor, Permission.schoolTrainingRead);
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'school') throw new AppError('auth.forbidden', { message: 'no school' });
    return { schoolId: scope.schoolId };
  }

  /** Scores queued sessions (the jobs loop): one batch, its queue entries cleared with the scores. */
  async function scoreDue(limit = 200): Promise<BatchResult> {
    const { ids, readAt } = await repo.findDue(db, limit);
    if (ids.length === 0) return { scored: 0, flagged: [], levels: {} };
    const sessions = await repo.findSessions(db, ids);
    // Ids that are not terminal sessions (cannot happen through the trigger) leave the queue too.
    return scorer.scoreBatch(db, sessions, { afterStore: (tx) => repo.clearDue(tx, ids, readAt) });
  }

  /**
   * Re-scores every audited terminal session starting in [from, to) in the region, in batches of
   * `batchSize` in start order (so each batch's replay check sees the previous batches' fingerprints).
   * `after` skips the sessions up to it in that order: a restarted run's last stored batch.
   */
  async function rescoreRange(
    range: { from: Date; to: Date; prefix: string },
    options: {
      actor: Pick<Actor, 'userId' | 'role'> | null;
      batchSize?: number;
      after?: SessionCursor | null;
      /**
       * After each stored batch, with the batch's last session; awaited, and a throw stops the run (the
       * stored batches stay).
       */
      onBatch?: (r: BatchResult, last: SessionCursor) => void | Promise<void>;
      timings?: ScoringTimings;
    },
  ) {
    const batchSize = options.batchSize ?? BULK_BATCH;
    const levels: Record<string, number> = { none: 0, low: 0, medium: 0, high: 0 };
    const flagged: string[] = [];
    let sessions = 0;
    let batches = 0;
    /** The next page of sessions with its telemetry already loading, or null at the end. */
    const fetchPage = async (after?: SessionCursor | null) => {
      const page = await repo.findSessionIdsInRange(db, { ...range, ...(after ? { after } : {}) }, batchSize);
      if (page.length === 0) return null;
      const rows = await repo.findSessions(
        db,
        page.map((p) => p.id),
      );
      const inputs = scorer.load(db, rows);
      // Awaited by scoreBatch; a failure surfaces there, not as an unhandled rejection meanwhile.
      inputs.catch(() => undefined);
      return { rows, inputs, last: page[page.length - 1]!, full: page.length === batchSize };
    };
    let next = await fetchPage(options.after);
    while (next) {
      const current = next;
      // Load the following batch while this one is scored and stored (two connections on PostgreSQL).
      const following = current.full ? fetchPage(current.last) : Promise.resolve(null);
      following.catch(() => undefined);
      const r = await scorer.scoreBatch(db, current.rows, {
        actor: options.actor,
        inputs: current.inputs,
        ...(options.timings ? { timings: options.timings } : {}),
      });
      sessions += r.scored;
      batches++;
      flagged.push(...r.flagged);
      for (const [k, v] of Object.entries(r.levels)) levels[k] = (levels[k] ?? 0) + v;
      await options.onBatch?.(r, current.last);
      next = await following;
    }
    return { sessions, batches, flagged: flagged.length, levels };
  }

  return {
    scoreDue,
    rescoreRange,
    rulesetVersion: RULESET_VERSION,

    /** Scores the given teaching logs now, as one batch (tests, and sessions a caller knows are closed). */
    async scoreSessions(ids: readonly string[]): Promise<BatchResult> {
      return scorer.scoreBatch(db, await repo.findSessions(db, ids));
    },

    /**
     * `regulatorAnomalyRun`: queue a re-scoring of a period of the caller's region (or a county/city
     * inside it), validated and capped as before; the jobs loop runs it (`runNextRescore`). The same
     * region and days asked again while queued or running return that run (`created: false`).
     */
    async rescore(
      actor: Actor,
      input: { from: string; to: string; regionCode?: string },
    ): Promise<{ run: RescoreRun; created: boolean }> {
      requirePermission(actor, Permission.regulatorAnomalyRun);
      checkRange(input.from, input.to, MAX_RUN_DAYS);
      const prefix = regionOf(actor, input.regionCode);
      const key = { regionPrefix: prefix, fromDay: input.from, toDay: input.to };
      const active = await runs.findActive(db, key);
      if (active) return { run: runOut(active), created: false };
      const count = await repo.countSessionsInRange(db, {
        from: dayStart(input.from),
        to: new Date(dayStart(input.to).getTime() + DAY_MS),
        prefix,
      });
      if (count > MAX_RUN_SESSIONS) {
        throw new AppError('anomaly.run_too_large', {
          message: `${count} sessions; a request takes at most ${MAX_RUN_SESSIONS}`,
          details: { sessions: count, max: MAX_RUN_SESSIONS },
        });
      }
      const regionCode = input.regionCode ?? actor.regionCode!;
      // A simultaneous identical request may win the insert (the partial unique index): answer its run.
      // Should that run have finished in between, the loop records a new one.
      for (;;) {
        const id = await db.transaction().execute(async (tx) => {
          const inserted = await runs.insertQueued(tx, {
            requestedBy: actor.userId,
            regionCode,
            ...key,
            sessionsExpected: count,
            now: clock.now(),
          });
          if (inserted) {
            await deps.audit.append(tx, actor, {
              action: 'anomaly.rescore.requested',
              entityType: 'anomaly_rescore_run',
              entityId: inserted,
              regionCode,
              details: { from: input.from, to: input.to, sessionsExpected: count },
            });
          }
          return inserted;
        });
        if (id) return { run: runOut((await runs.findById(db, id, prefix))!), created: true };
        const other = await runs.findActive(db, key);
        if (other) return { run: runOut(other), created: false };
      }
    },

    /** One re-scoring run of the caller's region (a run over a wider region is not found). */
    async getRescoreRun(actor: Actor, id: string): Promise<RescoreRun> {
      requirePermission(actor, Permission.regulatorAnomalyRead);
      const row = await runs.findById(db, id, regionOf(actor));
      if (!row) throw new AppError('anomaly.run_not_found', { message: `rescore run ${id}` });
      return runOut(row);
    },

    /** The latest re-scoring runs over the caller's region or a part of it, newest first. */
    async listRescoreRuns(actor: Actor, q: { regionCode?: string; limit?: number }) {
      requirePermission(actor, Permission.regulatorAnomalyRead);
      const rows = await runs.findRecent(db, regionOf(actor, q.regionCode), q.limit ?? 10);
      return { items: rows.map(runOut) };
    },

    /**
     * The jobs loop's step: runs left `running` by a dead process are queued again or failed (see
     * RUN_STALE_MS), then the oldest queued run is executed with rescoreRange, its progress written after
     * every batch. Returns the run as it ended, or null when none was queued. A failure marks the run
     * failed (no retry: the caller may ask again); `signal` (shutdown) puts it back in the queue.
     */
    async runNextRescore(options: { signal?: AbortSignal } = {}): Promise<RescoreRun | null> {
      if (options.signal?.aborted) return null;
      const now = clock.now();
      await runs.recoverStale(db, new Date(now.getTime() - RUN_STALE_MS), MAX_RUN_ATTEMPTS, now);
      const run = await runs.claimNext(db, clock.now(), RULESET_VERSION);
      if (!run) return null;
      const attempt = run.attempts;
      // A restarted run goes on from its last stored batch with the totals it had (claimNext has zeroed
      // both when the ruleset changed in between).
      const after =
        run.resumeAfterStartedAt && run.resumeAfterLogId
          ? { startedAt: run.resumeAfterStartedAt, id: run.resumeAfterLogId }
          : null;
      const progress: RunProgress = {
        sessions: run.sessionsScored,
        batches: run.batches,
        flagged: run.flagged,
        levels: { none: run.levelNone, low: run.levelLow, medium: run.levelMedium, high: run.levelHigh },
        after,
      };
      try {
        await rescoreRange(
          {
            from: dayStart(run.fromDay),
            to: new Date(dayStart(run.toDay).getTime() + DAY_MS),
            prefix: run.regionPrefix,
          },
          {
            // The batch audit entries name who asked for the run.
            actor: { userId: run.requestedBy, role: run.requestedByRole as Role },
            after,
            onBatch: async (b, last) => {
              progress.sessions += b.scored;
              progress.batches++;
              progress.flagged += b.flagged.length;
              for (const [k, v] of Object.entries(b.levels)) {
                progress.levels[k] = (progress.levels[k] ?? 0) + v;
              }
              progress.after = last;
              if (!(await runs.saveProgress(db, run.id, attempt, progress, clock.now()))) {
                throw new RunStopped('lost');
              }
              if (options.signal?.aborted) throw new RunStopped('interrupted');
            },
          },
        );
        await runs.finish(db, run.id, attempt, { status: 'done' }, clock.now());
      } catch (err) {
        if (err instanceof RunStopped && err.reason === 'interrupted') {
          await runs.requeue(db, run.id, attempt, clock.now());
        } else if (!(err instanceof RunStopped)) {
          const message = err instanceof Error ? err.message : String(err);
          await runs.finish(db, run.id, attempt, { status: 'failed', error: message }, clock.now());
        }
      }
      return runOut((await runs.findById(db, run.id, ''))!);
    },

    async listSessions(actor: Actor, q: SessionListQuery) {
      checkRange(q.from, q.to, null);
      const scope = readScope(actor, q.regionCode);
      const rows = await read.listSessions(db, {
        scope,
        fromDay: q.from,
        toDay: q.to,
        ...(q.level ? { levels: q.level } : {}),
        ...(q.detector ? { detector: q.detector } : {}),
        ...(q.schoolId ? { schoolId: q.schoolId } : {}),
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      const findings = await read.findFindings(
        db,
        rows.map((r) => r.teachingLogId),
        true,
      );
      const byLog = new Map<string, ReturnType<typeof findingOut>[]>();
      for (const f of findings) {
        const list = byLog.get(f.teachingLogId) ?? [];
        list.push(findingOut(f));
        byLog.set(f.teachingLogId, list);
      }
      return {
        items: rows.map(({ total: _total, ...r }) => ({
          ...r,
          startedAt: r.startedAt.toISOString(),
          endedAt: r.endedAt.toISOString(),
          computedAt: r.computedAt.toISOString(),
          flaggedAt: r.flaggedAt?.toISOString() ?? null,
          findings: byLog.get(r.teachingLogId) ?? [],
        })),
        total: rows[0]?.total ?? 0,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /** One scored session with every finding and its evidence. */
    async getSession(actor: Actor, logId: string) {
      const scope = readScope(actor);
      const row = await read.findSession(db, scope, logId);
      if (!row) {
        // Only a log the caller could see anyway is said to be waiting for its score.
        const exists = 'prefix' in scope ? await read.logExistsInRegion(db, scope.prefix, logId) : false;
        throw new AppError(exists ? 'anomaly.session_not_scored' : 'anomaly.session_not_found', {
          message: `teaching log ${logId}`,
        });
      }
      const findings = await read.findFindings(db, [logId]);
      return {
        ...row,
        startedAt: row.startedAt.toISOString(),
        endedAt: row.endedAt.toISOString(),
        computedAt: row.computedAt.toISOString(),
        flaggedAt: row.flaggedAt?.toISOString() ?? null,
        findings: findings.map(findingOut),
      };
    },

    /**
     * Findings with a position binned into grid cells of `cellDeg` degrees, busiest first: findings per
     * detector, all findings, and the sessions they came from (the dashboard's map reads this too).
     */
    async map(
      actor: Actor,
      q: { from: string; to: string; cellDeg?: number; detector?: string; regionCode?: string },
    ) {
      requirePermission(actor, Permission.regulatorAnomalyRead);
      checkRange(q.from, q.to, MAX_SERIES_DAYS);
      const cellDeg = q.cellDeg ?? 0.01;
      const rows = await read.mapCells(db, {
        prefix: regionOf(actor, q.regionCode),
        fromDay: q.from,
        toDay: q.to,
        cellDeg,
        ...(q.detector ? { detector: q.detector } : {}),
      });
      const cells = new Map<
        string,
        {
          latitude: number;
          longitude: number;
          count: number;
          sessions: number;
          byDetector: Record<string, number>;
        }
      >();
      for (const r of rows) {
        const key = `${r.y}:${r.x}`;
        let cell = cells.get(key);
        if (!cell) {
          cell = {
            latitude: Math.round((r.y + 0.5) * cellDeg * 1e6) / 1e6,
            longitude: Math.round((r.x + 0.5) * cellDeg * 1e6) / 1e6,
            count: 0,
            sessions: 0,
            byDetector: {},
          };
          cells.set(key, cell);
        }
        if (r.detector === null) {
          cell.count = r.n;
          cell.sessions = r.sessions;
        } else {
          cell.byDetector[r.detector] = r.n;
        }
      }
      return { cellDeg, cells: [...cells.values()].sort((a, b) => b.count - a.count) };
    },

    /** Sessions scored and flagged per Beijing day, every day of the range present (zeros included). */
    async daily(actor: Actor, q: { from: string; to: string; regionCode?: string }) {
      requirePermission(actor, Permission.regulatorAnomalyRead);
      const days = checkRange(q.from, q.to, MAX_SERIES_DAYS);
      const rows = await read.daily(db, {
        prefix: regionOf(actor, q.regionCode),
        fromDay: q.from,
        toDay: q.to,
      });
      const byDay = new Map(rows.map((r) => [r.day, r]));
      const start = Date.parse(`${q.from}T00:00:00Z`);
      return {
        days: Array.from({ length: days }, (_, i) => {
          const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
          const r = byDay.get(day);
          return {
            day,
            scored: r?.scored ?? 0,
            high: r?.high ?? 0,
            medium: r?.medium ?? 0,
            low: r?.low ?? 0,
          };
        }),
      };
    },
  };
}

export type AnomalyService = ReturnType<typeof createAnomalyService>;
