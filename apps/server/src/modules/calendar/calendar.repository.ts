import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** The scope of every row so far (see the migration 0021 and the README). */
export const NATIONAL = 'national';

export type CalendarDayRow = {
  day: string;
  kind: string;
  name: string;
  scope: string;
  updatedAt: Date;
};

/** The only file touching calendar_days. */
export function createCalendarRepository() {
  const columns = ['day', 'kind', 'name', 'scope', 'updatedAt'] as const;
  return {
    /** Rows with from <= day < to ('YYYY-MM-DD'), by day. */
    between(db: Kysely<DB>, from: string, to: string): Promise<CalendarDayRow[]> {
      return db
        .selectFrom('calendarDays')
        .select(columns)
        .where('scope', '=', NATIONAL)
        .where('day', '>=', from)
        .where('day', '<', to)
        .orderBy('day')
        .execute();
    },

    /** Every exception day from `from` on: a few dozen rows a year, so deadlines load them whole. */
    from(db: Kysely<DB>, from: string): Promise<{ day: string; kind: string }[]> {
      return db
        .selectFrom('calendarDays')
        .select(['day', 'kind'])
        .where('scope', '=', NATIONAL)
        .where('day', '>=', from)
        .execute();
    },

    find(db: Kysely<DB>, days: readonly string[]): Promise<CalendarDayRow[]> {
      if (days.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('calendarDays')
        .select(columns)
        .where('scope', '=', NATIONAL)
        .where('day', 'in', [...days])
        .execute();
    },

    insert(
      db: Kysely<DB>,
      rows: { day: string; kind: string; name: string; updatedBy: string; updatedAt: Date }[],
    ): Promise<CalendarDayRow[]> {
      return db
        .insertInto('calendarDays')
        .values(rows.map((r) => ({ ...r, scope: NATIONAL })))
        .returning(columns)
        .execute();
    },

    update(
      db: Kysely<DB>,
      row: { day: string; kind: string; name: string; updatedBy: string; updatedAt: Date },
    ): Promise<CalendarDayRow | undefined> {
      const { day, ...values } = row;
      return db
        .updateTable('calendarDays')
        .set(values)
        .where('scope', '=', NATIONAL)
        .where('day', '=', day)
        .returning(columns)
        .executeTakeFirst();
    },

    remove(db: Kysely<DB>, day: string): Promise<CalendarDayRow | undefined> {
      return db
        .deleteFrom('calendarDays')
        .where('scope', '=', NATIONAL)
        .where('day', '=', day)
        .returning(columns)
        .executeTakeFirst();
    },
  };
}
export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
