import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { isInRegion, regionPrefix, requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AnomalyService } from '../anomaly/index.ts';
import { createDashboardRepository } from './dashboard.repository.ts';
import { MAX_DASHBOARD_DAYS, type Dashboard, type DashboardQuery } from './dashboard.schemas.ts';

const DAY_MS = 86_400_000;
/** Map cells of 0.01° (about 1 km): enough to see which grounds and roads trouble gathers on. */
const ANOMALY_CELL_DEG = 0.01;
/** The busiest cells only: a province's map stays a few thousand markers at most. */
const MAX_MAP_CELLS = 2000;

/** Every China day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** A series with a row for every day of the window (zeros where nothing happened), so charts never skip days. */
export function fillDays<R extends { day: string }>(
  days: string[],
  rows: R[],
  empty: (day: string) => R,
): R[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return days.map((day) => byDay.get(day) ?? empty(day));
}

/** The regulator home: training volume, anomaly rate, work-order funnel, complaints and the anomaly map. */
export function createDashboardService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  /** The anomaly series and map are the anomaly module's own reads, not a second copy of its queries. */
  anomaly: Pick<AnomalyService, 'daily' | 'map'>;
}) {
  const { db, clock, anomaly } = deps;
  const repo = createDashboardRepository();

  function windowOf(query: DashboardQuery) {
    const fromInstant = new Date(`${query.from}T00:00:00+08:00`);
    const toInstant = new Date(new Date(`${query.to}T00:00:00+08:00`).getTime() + DAY_MS);
    const days = (toInstant.getTime() - fromInstant.getTime()) / DAY_MS;
    if (Number.isNaN(days) || days < 1 || days > MAX_DASHBOARD_DAYS) {
      throw new AppError('dashboard.window_invalid', {
        message: `window ${query.from}..${query.to} must be 1 to ${MAX_DASHBOARD_DAYS} days`,
        details: { maxDays: MAX_DASHBOARD_DAYS },
      });
    }
    return { fromInstant, toInstant };
  }

  return {
    async get(actor: Actor, query: DashboardQuery): Promise<Dashboard> {
      requirePermission(actor, Permission.regulatorDashboardRead);
      if (!actor.regionCode) {
        throw new AppError('auth.forbidden', { message: 'the dashboard needs a region' });
      }
      const code = query.regionCode ?? actor.regionCode;
      if (!isInRegion(actor.regionCode, code)) {
        throw new AppError('auth.forbidden', { message: `${code} outside ${actor.regionCode}` });
      }
      const name = await repo.regionName(db, code);
      if (!name) throw new AppError('request.invalid', { message: `no region ${code}` });
      const { fromInstant, toInstant } = windowOf(query);
      const w = { fromInstant, toInstant, fromDay: query.from, toDay: query.to, prefix: regionPrefix(code) };
      const days = daysBetween(query.from, query.to);

      const period = { from: query.from, to: query.to, regionCode: code };
      const [training, complaints, complaintsOverdueNow, anomalyDays, workOrders, map] = await Promise.all([
        repo.dailyTraining(db, w),
        repo.dailyComplaints(db, w),
        repo.complaintsOverdueNow(db, w.prefix, clock.now()),
        anomaly.daily(actor, period),
        repo.workOrderFunnel(db, w, clock.now()),
        anomaly.map(actor, { ...period, cellDeg: ANOMALY_CELL_DEG }),
      ]);
      const anomalies = anomalyDays.days.map((d) => ({ day: d.day, scored: d.scored, flagged: d.high }));
      const sum = <R>(rows: R[], pick: (r: R) => number) => rows.reduce((n, r) => n + pick(r), 0);

      return {
        region: { code, name },
        from: query.from,
        to: query.to,
        totals: {
          sessions: sum(training, (r) => r.sessions),
          creditedMinutes: sum(training, (r) => r.creditedMinutes),
          scoredSessions: sum(anomalies, (r) => r.scored),
          flaggedSessions: sum(anomalies, (r) => r.flagged),
          complaints: sum(complaints, (r) => r.received),
          complaintsOverdueNow,
        },
        training: fillDays(days, training, (day) => ({ day, sessions: 0, trainees: 0, creditedMinutes: 0 })),
        anomalies,
        complaints: fillDays(days, complaints, (day) => ({ day, received: 0, escalated: 0 })),
        workOrders,
        anomalyMap: map.cells.slice(0, MAX_MAP_CELLS).map((c) => ({
          latitude: c.latitude,
          longitude: c.longitude,
          findings: c.count,
          sessions: c.sessions,
        })),
      };
    },
  };
}
export type DashboardService = ReturnType<typeof createDashboardService>;
