import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * The dashboard is a read model across modules' tables (teaching logs, work orders, complaints; the
 * anomaly series and map come from the anomaly service): aggregates only, one query per figure, all bounded by the window and the region prefix.
 * Days are China days (+08:00), like every other day the platform shows.
 */
/** The window as instants (for timestamps) and as China days, both ends included (for `date` columns). */
export type Window = { fromInstant: Date; toInstant: Date; fromDay: string; toDay: string; prefix: string };

const chinaDay = (column: string) =>
  sql<string>`to_char((${sql.ref(column)} AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`;

export function createDashboardRepository() {
  return {
    async regionName(db: Kysely<DB>, code: string) {
      const row = await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
      return row?.name ?? null;
    },

    async dailyTraining(db: Kysely<DB>, w: Window) {
      return db
        .selectFrom('teachingLogs as l')
        .innerJoin('schools as s', 's.id', 'l.schoolId')
        .select([
          chinaDay('l.startedAt').as('day'),
          sql<number>`count(*)::int`.as('sessions'),
          sql<number>`count(DISTINCT l.trainee_id)::int`.as('trainees'),
          sql<number>`coalesce(sum(l.credited_minutes), 0)::int`.as('creditedMinutes'),
        ])
        .where('l.startedAt', '>=', w.fromInstant)
        .where('l.startedAt', '<', w.toInstant)
        .where('s.countyCode', 'like', `${w.prefix}%`)
        .groupBy(sql`1`)
        .orderBy(sql`1`)
        .execute();
    },

    async dailyComplaints(db: Kysely<DB>, w: Window) {
      return db
        .selectFrom('complaints')
        .select([
          chinaDay('createdAt').as('day'),
          sql<number>`count(*)::int`.as('received'),
          sql<number>`count(*) FILTER (WHERE escalation_reason IS NOT NULL)::int`.as('escalated'),
        ])
        .where('kind', '=', 'complaint')
        .where('createdAt', '>=', w.fromInstant)
        .where('createdAt', '<', w.toInstant)
        .where('countyCode', 'like', `${w.prefix}%`)
        .groupBy(sql`1`)
        .orderBy(sql`1`)
        .execute();
    },

    /**
     * Orders pushed in the window and how far they got: disposed at least once (the work-order module's
     * own definition, so a returned order still counts as disposed), closed now, and overdue now (still
     * waiting for a disposal past its deadline).
     */
    async workOrderFunnel(db: Kysely<DB>, w: Window, now: Date) {
      return db
        .selectFrom('workOrders')
        .select([
          sql<number>`count(*)::int`.as('pushed'),
          sql<number>`count(*) FILTER (WHERE first_disposed_at IS NOT NULL AND status <> 'closed')::int`.as(
            'disposed',
          ),
          sql<number>`count(*) FILTER (WHERE status = 'closed')::int`.as('closed'),
          sql<number>`count(*) FILTER (WHERE status IN ('open', 'returned', 'reopened') AND due_at < ${now})::int`.as(
            'overdue',
          ),
        ])
        .where('createdAt', '>=', w.fromInstant)
        .where('createdAt', '<', w.toInstant)
        .where('countyCode', 'like', `${w.prefix}%`)
        .executeTakeFirstOrThrow();
    },

    async complaintsOverdueNow(db: Kysely<DB>, prefix: string, now: Date) {
      const row = await db
        .selectFrom('complaints')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('countyCode', 'like', `${prefix}%`)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'submitted'), eb('schoolDueAt', '<', now)]),
            eb.and([eb('status', '=', 'escalated'), eb('regulatorDueAt', '<', now)]),
          ]),
        )
        .executeTakeFirstOrThrow();
      return row.n;
    },
  };
}
export type DashboardRepository = ReturnType<typeof createDashboardRepository>;
