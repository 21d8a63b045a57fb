import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  chinaDay,
  isCalendarDay,
  isWeekend,
  type DayKind,
  type WorkingDayExceptions,
} from '../../shared/working-days.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { CalendarDayRow, CalendarRepository } from './calendar.repository.ts';
import type { AddDays, CalendarDay, CalendarYearQuery, DayInput, ReplaceDay } from './calendar.schemas.ts';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;
/** From this month (November) the next year's days are expected. */
const NEXT_YEAR_FROM_MONTH = 11;

const toDay = (r: CalendarDayRow): CalendarDay => ({
  day: r.day,
  kind: r.kind as DayKind,
  name: r.name,
  scope: r.scope,
  updatedAt: r.updatedAt.toISOString(),
});

/** A real day 'YYYY-MM-DD' of 2000–2100, or `calendar.day_invalid`. */
function checkDate(day: string): string {
  const year = Number(day.slice(0, 4));
  if (!isCalendarDay(day) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new AppError('calendar.day_invalid', {
      message: `${JSON.stringify(day)} is not a calendar day 'YYYY-MM-DD' of ${FIRST_YEAR}–${LAST_YEAR}`,
      details: { day },
    });
  }
  return day;
}

/**
 * Only what differs from Monday–Friday is stored: a holiday on a weekday, a workday (调休) on a Saturday
 * or Sunday. A Saturday inside a holiday block is off anyway, and a Tuesday is worked anyway: entering
 * either is a mistake (usually a wrong date), so it is refused rather than stored as a no-op.
 */
export function checkDayInput(input: DayInput): DayInput {
  const day = checkDate(input.day);
  const weekend = isWeekend(day);
  if (input.kind === 'holiday' && weekend) {
    throw new AppError('calendar.kind_mismatch', {
      message: `${day} is a Saturday or Sunday, off anyway: only weekday holidays are entered`,
      details: { day, kind: input.kind },
    });
  }
  if (input.kind === 'workday' && !weekend) {
    throw new AppError('calendar.kind_mismatch', {
      message: `${day} is a weekday, worked anyway: a workday (调休) is a Saturday or Sunday`,
      details: { day, kind: input.kind },
    });
  }
  const name = input.name.trim();
  if (name.length === 0) throw new AppError('calendar.name_required', { details: { day } });
  return { day, kind: input.kind, name };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';
const duplicate = (days: string[], cause?: unknown) =>
  new AppError('calendar.duplicate', {
    message: `already entered: ${days.join(', ')} (replace a day with PUT instead)`,
    details: { days },
    cause,
  });

/**
 * 工作日历: the national exception days to Monday–Friday (holidays on weekdays, 调休 weekend workdays),
 * kept by the province regulator; complaint and work-order deadlines count working days with them.
 */
export function createCalendarService(deps: {
  db: Kysely<DB>;
  repo: CalendarRepository;
  audit: AuditLogService;
  clock: Clock;
}) {
  const { db, repo, audit, clock } = deps;

  return {
    /**
     * The exception days from `from`'s China day on, for `addWorkingDays` (shared/working-days.ts). Pass
     * the caller's transaction as `executor` when inside one (PGlite has a single connection).
     */
    async exceptionsFrom(executor: Kysely<DB>, from: Date): Promise<WorkingDayExceptions> {
      const rows = await repo.from(executor, chinaDay(from));
      return new Map(rows.map((r) => [r.day, r.kind as DayKind]));
    },

    /**
     * The year's days, and the years that deadlines can reach today but that have no day entered:
     * this year, and from November on the next one too (the State Council's notice comes out in
     * November or December; a 15-working-day deadline set in late December already runs into 元旦).
     */
    async listYear(actor: Actor, query: CalendarYearQuery) {
      requirePermission(actor, Permission.regulatorCalendarWrite);
      const rows = await repo.between(db, `${query.year}-01-01`, `${query.year + 1}-01-01`);
      const today = chinaDay(clock.now());
      const thisYear = Number(today.slice(0, 4));
      const reachable =
        Number(today.slice(5, 7)) >= NEXT_YEAR_FROM_MONTH ? [thisYear, thisYear + 1] : [thisYear];
      const entered = new Set(
        (await repo.from(db, `${thisYear}-01-01`)).map((r) => Number(r.day.slice(0, 4))),
      );
      return {
        year: query.year,
        items: rows.map(toDay),
        unentered: reachable.filter((y) => !entered.has(y)),
      };
    },

    /** Adds new days; a day entered already (or twice in the request) refuses the whole request. */
    async addDays(actor: Actor, input: AddDays) {
      requirePermission(actor, Permission.regulatorCalendarWrite);
      const days = input.days.map(checkDayInput);
      const repeated = days.map((d) => d.day).filter((day, i, all) => all.indexOf(day) !== i);
      if (repeated.length > 0) throw duplicate(repeated);
      const at = clock.now();
      try {
        const rows = await db.transaction().execute(async (tx) => {
          const existing = await repo.find(
            tx,
            days.map((d) => d.day),
          );
          if (existing.length > 0) throw duplicate(existing.map((r) => r.day).sort());
          const inserted = await repo.insert(
            tx,
            days.map((d) => ({ ...d, updatedBy: actor.userId, updatedAt: at })),
          );
          for (const r of inserted) {
            await audit.append(tx, actor, {
              action: 'calendar.day.added',
              entityType: 'calendar_day',
              entityId: r.day,
              details: { day: r.day, kind: r.kind, name: r.name, scope: r.scope },
            });
          }
          return inserted;
        });
        return { items: rows.sort((a, b) => (a.day < b.day ? -1 : 1)).map(toDay) };
      } catch (err) {
        // Another request entered one of the days between our look-up and the insert.
        if (isUniqueViolation(err)) {
          throw duplicate(
            days.map((d) => d.day),
            err,
          );
        }
        throw err;
      }
    },

    /** Enters the day, or replaces what is entered for it (kind, name). */
    async putDay(actor: Actor, day: string, input: ReplaceDay) {
      requirePermission(actor, Permission.regulatorCalendarWrite);
      const checked = checkDayInput({ day, ...input });
      const at = clock.now();
      try {
        const row = await db.transaction().execute(async (tx) => {
          const [before] = await repo.find(tx, [checked.day]);
          const values = { ...checked, updatedBy: actor.userId, updatedAt: at };
          const after = before ? await repo.update(tx, values) : (await repo.insert(tx, [values]))[0];
          await audit.append(tx, actor, {
            action: before ? 'calendar.day.replaced' : 'calendar.day.added',
            entityType: 'calendar_day',
            entityId: checked.day,
            details: {
              day: checked.day,
              kind: checked.kind,
              name: checked.name,
              scope: after!.scope,
              ...(before ? { previous: { kind: before.kind, name: before.name } } : {}),
            },
          });
          return after!;
        });
        return toDay(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate([checked.day], err);
        throw err;
      }
    },

    async removeDay(actor: Actor, day: string) {
      requirePermission(actor, Permission.regulatorCalendarWrite);
      checkDate(day);
      const removed = await db.transaction().execute(async (tx) => {
        const row = await repo.remove(tx, day);
        if (!row) throw new AppError('calendar.day_not_found', { details: { day } });
        await audit.append(tx, actor, {
          action: 'calendar.day.removed',
          entityType: 'calendar_day',
          entityId: day,
          details: { day, kind: row.kind, name: row.name, scope: row.scope },
        });
        return row;
      });
      return { removed: toDay(removed) };
    },
  };
}
export type CalendarService = ReturnType<typeof createCalendarService>;
/** What deadline-keeping modules need of the calendar. */
export type WorkingCalendar = Pick<CalendarService, 'exceptionsFrom'>;
