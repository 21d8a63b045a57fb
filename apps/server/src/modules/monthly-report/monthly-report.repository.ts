import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/types.ts';
import { sourceTables, type CountFigure, type MonthWindow, type SourceTable } from './report-form.ts';

/** Counts per city: the key is the city's 4-digit code prefix (a county's share still lands on its city). */
export type CountsByCity = Map<string, Partial<Record<CountFigure, number>>>;

export type DrillRow = {
  key: string;
  at: Date | string | null;
  countyCode: string;
  countyName: string | null;
  schoolId: string | null;
  schoolName: string | null;
  coachId: string | null;
  coachName: string | null;
  detail: string | null;
  records: number;
};

export type SubmissionRow = {
  id: string;
  cityCode: string;
  month: string;
  version: number;
  figures: unknown;
  missingSources: string[];
  reason: string | null;
  submittedBy: string;
  submittedByName: string;
  submittedAt: Date;
};

/**
 * The only file with the report's SQL. Every figure is filtered by a region code prefix on a county code
 * and by the month window, and grouped by city, so one pass serves a county, a city and a province.
 * The supervision tables of issue 6 (0014–0016) are queried with raw SQL: they may not exist yet on a
 * database, and the service asks `presentSources` first.
 */
export function createMonthlyReportRepository() {
  const like = (prefix: string) => `${prefix}%`;
  const city = (column: RawBuilder<unknown>) => sql<string>`substr(${column}, 1, 4)`;

  /**
   * The rows behind a figure, one per counted thing: a school, county or coach for the "distinct" columns,
   * a log or a work order otherwise. `records` is how many underlying rows each one stands for.
   */
  function drillSource(figure: CountFigure, prefix: string, w: MonthWindow): RawBuilder<DrillRow> {
    const actionsOf = (kind: string) =>
      sql`FROM supervision_actions a WHERE a.kind = ${kind} AND a.county_code LIKE ${like(prefix)}
          AND a.happened_on BETWEEN ${w.firstDay}::date AND ${w.lastDay}::date`;
    const keySupervisionActive = (subject: string) =>
      sql`FROM key_supervisions k WHERE k.subject = ${subject} AND k.county_code LIKE ${like(prefix)}
          AND k.from_date <= ${w.lastDay}::date AND (k.until_date IS NULL OR k.until_date >= ${w.firstDay}::date)
          AND (k.lifted_at IS NULL OR k.lifted_at >= ${w.start})`;
    const withNames = (inner: RawBuilder<unknown>) => sql<DrillRow>`
      SELECT x.key, x.at, x.county_code, r.name AS county_name, x.school_id, s.name AS school_name,
             x.coach_id, c.name AS coach_name, x.detail, x.records
      FROM (${inner}) x
      LEFT JOIN regions r ON r.code = x.county_code
      LEFT JOIN schools s ON s.id = x.school_id
      LEFT JOIN coaches c ON c.id = x.coach_id`;
    switch (figure) {
      case 'existingSchools':
        // Existing during the month: registered before its end and not closed before its start (0019).
        return sql<DrillRow>`
          SELECT s.id::text AS key, s.created_at AS at, s.county_code, r.name AS county_name, s.id AS school_id,
                 s.name AS school_name, NULL::uuid AS coach_id, NULL AS coach_name, s.status AS detail, 1 AS records
          FROM schools s LEFT JOIN regions r ON r.code = s.county_code
          WHERE s.county_code LIKE ${like(prefix)} AND s.created_at < ${w.end}
            AND (s.closed_at IS NULL OR s.closed_at >= ${w.start})`;
      case 'checkedSchools':
        return withNames(bySchoolInner('qualification_check'));
      case 'rectificationSchools':
        return withNames(bySchoolInner('rectification_order'));
      case 'interviewedSchools':
        return withNames(bySchoolInner('interview_school'));
      case 'penalisedSchools':
        return withNames(bySchoolInner('penalty_school'));
      case 'interviewedAuthorities':
      case 'enforcementCounties':
        return withNames(sql`
          SELECT a.county_code AS key, max(a.happened_on)::text AS at, a.county_code, NULL::uuid AS school_id,
                 NULL::uuid AS coach_id, NULL AS detail, count(*)::int AS records
          ${actionsOf(figure === 'interviewedAuthorities' ? 'interview_authority' : 'enforcement')}
          GROUP BY a.county_code`);
      case 'penalisedCoaches':
        return withNames(sql`
          SELECT a.coach_id::text AS key, max(a.happened_on)::text AS at, min(a.county_code) AS county_code,
                 (array_agg(a.school_id))[1] AS school_id, a.coach_id, NULL AS detail, count(*)::int AS records
          ${actionsOf('penalty_coach')} AND a.coach_id IS NOT NULL
          GROUP BY a.coach_id`);
      case 'teachingLogs':
        return sql<DrillRow>`
          SELECT l.id::text AS key, l.started_at AS at, s.county_code, r.name AS county_name, l.school_id,
                 s.name AS school_name, l.coach_id, c.name AS coach_name,
                 '第' || l.part || '部分 ' || l.course_code || ' ' || l.verdict AS detail, 1 AS records
          FROM teaching_logs l
          JOIN schools s ON s.id = l.school_id
          LEFT JOIN regions r ON r.code = s.county_code
          LEFT JOIN coaches c ON c.id = l.coach_id
          WHERE s.county_code LIKE ${like(prefix)} AND l.started_at >= ${w.start} AND l.started_at < ${w.end}`;
      case 'reviewedLogs':
        return withNames(sql`
          SELECT m.teaching_log_id::text AS key, max(m.decided_at) AS at, min(m.county_code) AS county_code,
                 min(l.school_id::text)::uuid AS school_id, min(l.coach_id::text)::uuid AS coach_id,
                 string_agg(DISTINCT m.decision, ', ') AS detail, count(*)::int AS records
          FROM manual_reviews m JOIN teaching_logs l ON l.id = m.teaching_log_id
          WHERE m.county_code LIKE ${like(prefix)} AND m.status = 'decided'
            AND m.decided_at >= ${w.start} AND m.decided_at < ${w.end}
          GROUP BY m.teaching_log_id`);
      case 'workOrdersPushed':
      case 'workOrdersDisposed':
        return withNames(sql`
          SELECT o.id::text AS key, o.created_at AS at, o.county_code, o.school_id, o.coach_id,
                 o.number || ' ' || o.title || '（' || o.status || '）' AS detail, 1 AS records
          FROM work_orders o
          WHERE o.county_code LIKE ${like(prefix)} AND o.created_at >= ${w.start} AND o.created_at < ${w.end}
          ${figure === 'workOrdersDisposed' ? sql`AND o.first_disposed_at IS NOT NULL` : sql``}`);
      case 'keySupervisionSchools':
        return withNames(sql`
          SELECT k.school_id::text AS key, min(k.from_date)::text AS at, min(k.county_code) AS county_code,
                 k.school_id, NULL::uuid AS coach_id, NULL AS detail, count(*)::int AS records
          ${keySupervisionActive('school')} AND k.school_id IS NOT NULL
          GROUP BY k.school_id`);
      case 'keySupervisionCoaches':
        return withNames(sql`
          SELECT k.coach_id::text AS key, min(k.from_date)::text AS at, min(k.county_code) AS county_code,
                 (array_agg(k.school_id))[1] AS school_id, k.coach_id, NULL AS detail, count(*)::int AS records
          ${keySupervisionActive('coach')} AND k.coach_id IS NOT NULL
          GROUP BY k.coach_id`);
    }

    function bySchoolInner(kind: string) {
      return sql`
        SELECT a.school_id::text AS key, max(a.happened_on)::text AS at, min(a.county_code) AS county_code,
               a.school_id, NULL::uuid AS coach_id, NULL AS detail, count(*)::int AS records
        ${actionsOf(kind)} AND a.school_id IS NOT NULL
        GROUP BY a.school_id`;
    }
  }

  return {
    /** Which of the report's source tables exist on this database. */
    async presentSources(db: Kysely<DB>): Promise<Set<SourceTable>> {
      const { rows } = await sql<{ name: SourceTable; present: boolean }>`
        SELECT t.name, to_regclass('public.' || t.name) IS NOT NULL AS present
        FROM unnest(${sql.val([...sourceTables])}::text[]) AS t(name)`.execute(db);
      return new Set(rows.filter((r) => r.present).map((r) => r.name));
    },

    /** Every figure of the month per city under `prefix`, one query per source table present. */
    async countsByCity(
      db: Kysely<DB>,
      prefix: string,
      w: MonthWindow,
      present: Set<SourceTable>,
    ): Promise<CountsByCity> {
      const out: CountsByCity = new Map();
      const put = (rows: Record<string, unknown>[]) => {
        for (const { unit, ...counts } of rows) {
          const entry = out.get(unit as string) ?? {};
          for (const [k, v] of Object.entries(counts)) entry[k as CountFigure] = Number(v);
          out.set(unit as string, entry);
        }
      };
      const run = async (query: RawBuilder<Record<string, unknown>>) => put((await query.execute(db)).rows);

      const jobs: Promise<void>[] = [];
      if (present.has('schools')) {
        // The same condition as the drill-down's (registered before the end, not closed before the start).
        jobs.push(
          run(sql`
            SELECT ${city(sql.ref('county_code'))} AS unit, count(*) AS existing_schools
            FROM schools
            WHERE county_code LIKE ${like(prefix)} AND created_at < ${w.end}
              AND (closed_at IS NULL OR closed_at >= ${w.start})
            GROUP BY 1`),
        );
      }
      if (present.has('supervision_actions')) {
        jobs.push(
          run(sql`
            SELECT ${city(sql.ref('county_code'))} AS unit,
              count(DISTINCT school_id) FILTER (WHERE kind = 'qualification_check') AS checked_schools,
              count(DISTINCT school_id) FILTER (WHERE kind = 'rectification_order') AS rectification_schools,
              count(DISTINCT county_code) FILTER (WHERE kind = 'interview_authority') AS interviewed_authorities,
              count(DISTINCT school_id) FILTER (WHERE kind = 'interview_school') AS interviewed_schools,
              count(DISTINCT county_code) FILTER (WHERE kind = 'enforcement') AS enforcement_counties,
              count(DISTINCT school_id) FILTER (WHERE kind = 'penalty_school') AS penalised_schools,
              count(DISTINCT coach_id) FILTER (WHERE kind = 'penalty_coach') AS penalised_coaches
            FROM supervision_actions
            WHERE county_code LIKE ${like(prefix)}
              AND happened_on BETWEEN ${w.firstDay}::date AND ${w.lastDay}::date
            GROUP BY 1`),
        );
      }
      if (present.has('teaching_logs')) {
        // Counted school by school: each count is an index-only range scan of teaching_logs_school_idx
        // (school_id, started_at). Joining first and counting after took 4× as long on PGlite (a hash
        // probe and a heap visit per log, ~125,000 logs a month in a city).
        jobs.push(
          run(sql`
            SELECT ${city(sql.ref('s.county_code'))} AS unit, sum(c.n) AS teaching_logs
            FROM schools s
            CROSS JOIN LATERAL (
              SELECT count(*) AS n FROM teaching_logs l
              WHERE l.school_id = s.id AND l.started_at >= ${w.start} AND l.started_at < ${w.end}
            ) c
            WHERE s.county_code LIKE ${like(prefix)}
            GROUP BY 1`),
        );
      }
      if (present.has('manual_reviews')) {
        jobs.push(
          run(sql`
            SELECT ${city(sql.ref('county_code'))} AS unit, count(DISTINCT teaching_log_id) AS reviewed_logs
            FROM manual_reviews
            WHERE county_code LIKE ${like(prefix)} AND status = 'decided'
              AND decided_at >= ${w.start} AND decided_at < ${w.end}
            GROUP BY 1`),
        );
      }
      if (present.has('work_orders')) {
        jobs.push(
          run(sql`
            SELECT ${city(sql.ref('county_code'))} AS unit, count(*) AS work_orders_pushed,
              count(*) FILTER (WHERE first_disposed_at IS NOT NULL) AS work_orders_disposed
            FROM work_orders
            WHERE county_code LIKE ${like(prefix)} AND created_at >= ${w.start} AND created_at < ${w.end}
            GROUP BY 1`),
        );
      }
      if (present.has('key_supervisions')) {
        jobs.push(
          run(sql`
            SELECT ${city(sql.ref('county_code'))} AS unit,
              count(DISTINCT school_id) FILTER (WHERE subject = 'school') AS key_supervision_schools,
              count(DISTINCT coach_id) FILTER (WHERE subject = 'coach') AS key_supervision_coaches
            FROM key_supervisions
            WHERE county_code LIKE ${like(prefix)}
              AND from_date <= ${w.lastDay}::date AND (until_date IS NULL OR until_date >= ${w.firstDay}::date)
              AND (lifted_at IS NULL OR lifted_at >= ${w.start})
            GROUP BY 1`),
        );
      }
      await Promise.all(jobs);
      return out;
    },

    async drillPage(
      db: Kysely<DB>,
      figure: CountFigure,
      prefix: string,
      w: MonthWindow,
      paging: { limit: number; offset: number },
    ): Promise<{ total: number; items: DrillRow[] }> {
      const source = drillSource(figure, prefix, w);
      const [count, page] = await Promise.all([
        sql<{ total: number }>`SELECT count(*)::int AS total FROM (${source}) d`.execute(db),
        sql<DrillRow>`SELECT * FROM (${source}) d ORDER BY d.at DESC NULLS LAST, d.key
                      LIMIT ${paging.limit} OFFSET ${paging.offset}`.execute(db),
      ]);
      return { total: count.rows[0]?.total ?? 0, items: page.rows };
    },

    async region(db: Kysely<DB>, code: string) {
      return db
        .selectFrom('regions')
        .select(['code', 'name', 'level', 'parentCode'])
        .where('code', '=', code)
        .executeTakeFirst();
    },

    async citiesOf(db: Kysely<DB>, provinceCode: string) {
      return db
        .selectFrom('regions')
        .select(['code', 'name'])
        .where('parentCode', '=', provinceCode)
        .where('level', '=', 'city')
        .orderBy('code')
        .execute();
    },

    async submissions(db: Kysely<DB>, month: string, cityCodes: string[]): Promise<SubmissionRow[]> {
      if (cityCodes.length === 0) return [];
      return db
        .selectFrom('monthlyReportSubmissions as m')
        .innerJoin('users as u', 'u.id', 'm.submittedBy')
        .select([
          'm.id',
          'm.cityCode',
          'm.month',
          'm.version',
          'm.figures',
          'm.missingSources',
          'm.reason',
          'm.submittedBy',
          'u.displayName as submittedByName',
          'm.submittedAt',
        ])
        .where('m.month', '=', month)
        .where('m.cityCode', 'in', cityCodes)
        .orderBy('m.cityCode')
        .orderBy('m.version')
        .execute();
    },

    async submission(db: Kysely<DB>, id: string): Promise<SubmissionRow | undefined> {
      return db
        .selectFrom('monthlyReportSubmissions as m')
        .innerJoin('users as u', 'u.id', 'm.submittedBy')
        .select([
          'm.id',
          'm.cityCode',
          'm.month',
          'm.version',
          'm.figures',
          'm.missingSources',
          'm.reason',
          'm.submittedBy',
          'u.displayName as submittedByName',
          'm.submittedAt',
        ])
        .where('m.id', '=', id)
        .executeTakeFirst();
    },

    /** The latest version of a city's month, read under a lock so two submissions cannot share a number. */
    async lockLatestVersion(tx: Kysely<DB>, cityCode: string, month: string): Promise<number> {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`monthly_report:${cityCode}:${month}`}))`.execute(tx);
      const row = await tx
        .selectFrom('monthlyReportSubmissions')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('cityCode', '=', cityCode)
        .where('month', '=', month)
        .executeTakeFirst();
      return row?.version ?? 0;
    },

    async insertSubmission(
      tx: Kysely<DB>,
      row: {
        cityCode: string;
        month: string;
        version: number;
        figures: unknown;
        missingSources: string[];
        reason: string | null;
        submittedBy: string;
        submittedAt: Date;
      },
    ): Promise<string> {
      const inserted = await tx
        .insertInto('monthlyReportSubmissions')
        .values({ ...row, figures: JSON.stringify(row.figures) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },
  };
}

export type MonthlyReportRepository = ReturnType<typeof createMonthlyReportRepository>;
