/**
 * Read side of the anomaly tables: the scored-session list, one session's findings, the map grid and
 * daily counts. Scope arrives as a resolved filter (a county-code prefix or one school); the service
 * decides it from the actor.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { RiskLevel } from './risk-score.ts';

export type ReadScope = { prefix: string } | { schoolId: string };

export type SessionListFilter = {
  scope: ReadScope;
  fromDay: string;
  toDay: string;
  levels?: string[];
  detector?: string;
  schoolId?: string;
  limit: number;
  offset: number;
};

export type FindingRow = {
  id: number;
  teachingLogId: string;
  detector: string;
  severity: string;
  score: number;
  counted: boolean;
  evidence: Record<string, number | string>;
  latitude: number | null;
  longitude: number | null;
  fromAt: Date;
  toAt: Date;
};

const scopeSql = (scope: ReadScope) =>
  'prefix' in scope ? sql`r.county_code LIKE ${`${scope.prefix}%`}` : sql`r.school_id = ${scope.schoolId}`;

export function createAnomalyReadRepository() {
  return {
    async listSessions(db: Kysely<DB>, f: SessionListFilter) {
      const where = sql.join(
        [
          scopeSql(f.scope),
          sql`r.session_day BETWEEN ${f.fromDay}::date AND ${f.toDay}::date`,
          ...(f.levels?.length ? [sql`r.level = ANY(${`{${f.levels.join(',')}}`}::text[])`] : []),
          ...(f.detector ? [sql`${f.detector} = ANY(r.detectors)`] : []),
          ...(f.schoolId ? [sql`r.school_id = ${f.schoolId}`] : []),
        ],
        sql` AND `,
      );
      const rows = await sql<{
        teachingLogId: string;
        schoolId: string;
        schoolName: string;
        countyCode: string;
        startedAt: Date;
        endedAt: Date;
        score: number;
        level: RiskLevel;
        detectors: string[];
        computedAt: Date;
        flaggedAt: Date | null;
        rulesetVersion: string;
        traineeName: string | null;
        coachName: string | null;
        plate: string | null;
        verdict: string;
        total: number;
      }>`
        SELECT r.teaching_log_id, r.school_id, s.name AS school_name, r.county_code, r.started_at,
               t.ended_at, r.score, r.level, r.detectors, r.computed_at, r.flagged_at, r.ruleset_version,
               tr.name AS trainee_name, c.name AS coach_name, v.plate, t.verdict,
               count(*) OVER ()::int AS total
        FROM session_risks r
        JOIN teaching_logs t ON t.id = r.teaching_log_id
        JOIN schools s ON s.id = r.school_id
        LEFT JOIN trainees tr ON tr.id = t.trainee_id
        LEFT JOIN coaches c ON c.id = t.coach_id
        LEFT JOIN vehicles v ON v.id = t.vehicle_id
        WHERE ${where}
        ORDER BY r.score DESC, r.started_at DESC, r.teaching_log_id
        LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db);
      return rows.rows;
    },

    /** One scored session in scope, or undefined. */
    async findSession(db: Kysely<DB>, scope: ReadScope, logId: string) {
      const rows = await sql<{
        teachingLogId: string;
        schoolId: string;
        schoolName: string;
        countyCode: string;
        startedAt: Date;
        endedAt: Date;
        score: number;
        level: RiskLevel;
        detectors: string[];
        contributions: { detector: string; points: number; findings: number }[];
        computedAt: Date;
        flaggedAt: Date | null;
        rulesetVersion: string;
        traineeName: string | null;
        coachName: string | null;
        plate: string | null;
        verdict: string;
      }>`
        SELECT r.teaching_log_id, r.school_id, s.name AS school_name, r.county_code, r.started_at,
               t.ended_at, r.score, r.level, r.detectors, r.contributions, r.computed_at, r.flagged_at,
               r.ruleset_version, tr.name AS trainee_name, c.name AS coach_name, v.plate, t.verdict
        FROM session_risks r
        JOIN teaching_logs t ON t.id = r.teaching_log_id
        JOIN schools s ON s.id = r.school_id
        LEFT JOIN trainees tr ON tr.id = t.trainee_id
        LEFT JOIN coaches c ON c.id = t.coach_id
        LEFT JOIN vehicles v ON v.id = t.vehicle_id
        WHERE r.teaching_log_id = ${logId} AND ${scopeSql(scope)}`.execute(db);
      return rows.rows[0];
    },

    /** Whether a teaching log of the region exists (to tell "not scored yet" from "no such log"). */
    async logExistsInRegion(db: Kysely<DB>, prefix: string, logId: string): Promise<boolean> {
      const row = await db
        .selectFrom('teachingLogs')
        .innerJoin('schools', 'schools.id', 'teachingLogs.schoolId')
        .select('teachingLogs.id')
        .where('teachingLogs.id', '=', logId)
        .where('schools.countyCode', 'like', `${prefix}%`)
        .executeTakeFirst();
      return row !== undefined;
    },

    async findFindings(
      db: Kysely<DB>,
      logIds: readonly string[],
      countedOnly = false,
    ): Promise<FindingRow[]> {
      if (logIds.length === 0) return [];
      const rows = await sql<FindingRow>`
        SELECT id, teaching_log_id, detector, severity, score, counted, evidence, latitude, longitude,
               from_at, to_at
        FROM session_findings
        WHERE teaching_log_id = ANY(${`{${logIds.join(',')}}`}::uuid[]) ${countedOnly ? sql`AND counted` : sql``}
        ORDER BY teaching_log_id, counted DESC, score DESC, from_at`.execute(db);
      return rows.rows.map((r) => ({ ...r, id: Number(r.id) }));
    },

    /**
     * Findings with a position, counted per grid cell (cells of `cellDeg` degrees) and detector, plus one
     * row per cell with `detector` null: all its findings and the distinct sessions they came from.
     */
    async mapCells(
      db: Kysely<DB>,
      f: { prefix: string; fromDay: string; toDay: string; cellDeg: number; detector?: string },
    ) {
      const rows = await sql<{ y: number; x: number; detector: string | null; n: number; sessions: number }>`
        SELECT y, x, detector, count(*)::int AS n, count(DISTINCT teaching_log_id)::int AS sessions
        FROM (
          SELECT floor(latitude / ${f.cellDeg}::float8)::int AS y, floor(longitude / ${f.cellDeg}::float8)::int AS x,
                 detector, teaching_log_id
          FROM session_findings
          WHERE session_day BETWEEN ${f.fromDay}::date AND ${f.toDay}::date AND latitude IS NOT NULL
            AND county_code LIKE ${`${f.prefix}%`} ${f.detector ? sql`AND detector = ${f.detector}` : sql``}
        ) placed
        GROUP BY GROUPING SETS ((y, x, detector), (y, x))`.execute(db);
      return rows.rows;
    },

    /** Sessions scored per day and level. */
    async daily(db: Kysely<DB>, f: { prefix: string; fromDay: string; toDay: string }) {
      const rows = await sql<{ day: string; scored: number; high: number; medium: number; low: number }>`
        SELECT session_day::text AS day, count(*)::int AS scored,
               count(*) FILTER (WHERE level = 'high')::int AS high,
               count(*) FILTER (WHERE level = 'medium')::int AS medium,
               count(*) FILTER (WHERE level = 'low')::int AS low
        FROM session_risks
        WHERE session_day BETWEEN ${f.fromDay}::date AND ${f.toDay}::date
          AND county_code LIKE ${`${f.prefix}%`}
        GROUP BY session_day ORDER BY session_day`.execute(db);
      return rows.rows;
    },
  };
}

export type AnomalyReadRepository = ReturnType<typeof createAnomalyReadRepository>;
