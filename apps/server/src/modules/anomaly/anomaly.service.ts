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
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import { createAnomalyReadRepository, type FindingRow, type ReadScope } from './anomaly-read.repository.ts';
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
/** Longest period of the map and daily series (a quarter). */
const MAX_SERIES_DAYS = 92;
const MAX_RUN_DAYS = 31;
const DAY_MS = 86_400_000;
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
   */
  async function rescoreRange(
    range: { from: Date; to: Date; prefix: string },
    options: {
      actor: Actor | null;
      batchSize?: number;
      onBatch?: (r: BatchResult) => void;
      timings?: ScoringTimings;
    },
  ) {
    const batchSize = options.batchSize ?? BULK_BATCH;
    const levels: Record<string, number> = { none: 0, low: 0, medium: 0, high: 0 };
    const flagged: string[] = [];
    let sessions = 0;
    let batches = 0;
    /** The next page of sessions with its telemetry already loading, or null at the end. */
    const fetchPage = async (after?: { startedAt: Date; id: string }) => {
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
    let next = await fetchPage();
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
      options.onBatch?.(r);
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

    /** `regulatorAnomalyRun`: re-score a period of the caller's region (or a county/city inside it). */
    async rescore(actor: Actor, input: { from: string; to: string; regionCode?: string }) {
      requirePermission(actor, Permission.regulatorAnomalyRun);
      checkRange(input.from, input.to, MAX_RUN_DAYS);
      const prefix = regionOf(actor, input.regionCode);
      const range = {
        from: dayStart(input.from),
        to: new Date(dayStart(input.to).getTime() + DAY_MS),
        prefix,
      };
      const count = await repo.countSessionsInRange(db, range);
      if (count > MAX_RUN_SESSIONS) {
        throw new AppError('anomaly.run_too_large', {
          message: `${count} sessions; a request takes at most ${MAX_RUN_SESSIONS}`,
          details: { sessions: count, max: MAX_RUN_SESSIONS },
        });
      }
      const started = Date.now();
      const r = await rescoreRange(range, { actor });
      return { ...r, rulesetVersion: RULESET_VERSION, seconds: (Date.now() - started) / 1000 };
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
