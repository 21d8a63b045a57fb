import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { regionPrefix, requirePermission, schoolScopeOf, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { SupervisionRepository } from './supervision.repository.ts';
import {
  chinaDate,
  isCalendarDate,
  maskPersonName,
  monthBounds,
  periodsOverlap,
  sanctionFits,
  type Subject,
} from './supervision.rules.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A sanction may be decided ahead of its start, within a month's notice period. */
const MAX_DAYS_AHEAD = 31;

export type NewEntry = {
  subject: Subject;
  schoolId?: string | undefined;
  coachId?: string | undefined;
  reason: string;
  sanction: string;
  fromDate?: string | undefined;
  untilDate?: string | undefined;
};

/** One line of the public monthly notice, frozen when the city publishes. */
export type NoticeItem = {
  subject: Subject;
  schoolName: string;
  /** Masked (张*明); null for a school entry. */
  coachName: string | null;
  countyCode: string;
  reason: string;
  sanction: string;
  fromDate: string;
  untilDate: string | null;
  /** The day it was lifted after review, when that happened by publication. */
  liftedOn: string | null;
};

/** A list entry as it goes into the public notice: the coach's name masked, nothing else changed. */
export function toNoticeItem(
  r: Awaited<ReturnType<SupervisionRepository['entriesInEffect']>>[number],
): NoticeItem {
  return {
    subject: r.subject as Subject,
    schoolName: r.schoolName,
    coachName: r.coachName === null ? null : maskPersonName(r.coachName),
    countyCode: r.countyCode,
    reason: r.reason,
    sanction: r.sanction,
    fromDate: r.fromDate,
    untilDate: r.untilDate,
    liftedOn: r.liftedOn,
  };
}

/** Where an entry stands on `day`: lifted after review, not started, past its last day, or in effect. */
function entryStatus(
  e: { liftedOn: string | null; fromDate: string; untilDate: string | null },
  day: string,
): 'lifted' | 'upcoming' | 'ended' | 'active' {
  if (e.liftedOn !== null) return 'lifted';
  if (e.fromDate > day) return 'upcoming';
  if (e.untilDate !== null && e.untilDate < day) return 'ended';
  return 'active';
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * 重点监管 (RULES §4, seed 001 工作举措(四)): schools and coaches listed with reason, sanction and period by
 * city and province regulators, lifted after review with a note, published monthly per city. Entries are
 * never deleted. The school search's key_supervision flag is set here, by the injected clock, because it
 * changes with the calendar as well as with writes (see `syncSearchFlags`).
 */
export function createKeySupervisionService(deps: {
  db: Kysely<DB>;
  repo: SupervisionRepository;
  audit: AuditLogService;
  clock: Clock;
}) {
  const { db, repo, audit, clock } = deps;
  const today = () => chinaDate(clock.now());

  function regionOf(actor: Actor): string {
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'region') throw new AppError('auth.forbidden', { message: 'not a regulator' });
    return scope.prefix;
  }

  /** The entry's subject resolved to rows, checked against the actor's region. */
  async function resolveSubject(tx: Kysely<DB>, actor: Actor, input: NewEntry) {
    const prefix = regionOf(actor);
    if (input.subject === 'school') {
      if (input.coachId) {
        throw new AppError('supervision.subject_mismatch', { message: 'a school entry names no coach' });
      }
      if (!input.schoolId) {
        throw new AppError('supervision.subject_mismatch', { message: 'a school entry needs schoolId' });
      }
      const school = UUID.test(input.schoolId) ? await repo.findSchool(tx, input.schoolId) : undefined;
      if (!school) throw new AppError('registry.school_not_found');
      if (!school.countyCode.startsWith(prefix)) {
        throw new AppError('auth.forbidden', { message: 'school outside the region' });
      }
      return { schoolId: school.id, coachId: null, countyCode: school.countyCode, name: school.name };
    }
    if (!input.coachId) {
      throw new AppError('supervision.subject_mismatch', { message: 'a coach entry needs coachId' });
    }
    const coach = UUID.test(input.coachId) ? await repo.findCoach(tx, input.coachId) : undefined;
    if (!coach) throw new AppError('registry.coach_not_found');
    if (input.schoolId && input.schoolId !== coach.schoolId) {
      throw new AppError('supervision.subject_mismatch', { message: 'the coach is not of that school' });
    }
    if (!coach.countyCode.startsWith(prefix)) {
      throw new AppError('auth.forbidden', { message: 'coach outside the region' });
    }
    return { schoolId: coach.schoolId, coachId: coach.id, countyCode: coach.countyCode, name: coach.name };
  }

  function checkPeriod(fromDate: string, untilDate: string | null, day: string) {
    for (const [field, value] of [
      ['fromDate', fromDate],
      ['untilDate', untilDate],
    ] as const) {
      if (value !== null && !isCalendarDate(value)) {
        throw new AppError('supervision.date_invalid', {
          message: `${field} ${value} is not a calendar date`,
          details: { field },
        });
      }
    }
    if (fromDate > addDays(day, MAX_DAYS_AHEAD)) {
      throw new AppError('supervision.date_invalid', {
        message: `fromDate ${fromDate} is more than ${MAX_DAYS_AHEAD} days ahead`,
        details: { field: 'fromDate' },
      });
    }
    if (untilDate !== null && untilDate < fromDate) {
      throw new AppError('supervision.date_invalid', {
        message: 'untilDate is before fromDate',
        details: { field: 'untilDate' },
      });
    }
    if (untilDate !== null && untilDate < day) {
      throw new AppError('supervision.date_invalid', {
        message: 'the period has already ended',
        details: { field: 'untilDate' },
      });
    }
  }

  return {
    /** The region's entries: current (in effect or starting later; default), lifted, or all. Any regulator. */
    async list(
      actor: Actor,
      query: { subject?: Subject | undefined; state?: 'current' | 'lifted' | 'all' | undefined },
    ) {
      requirePermission(actor, Permission.regulatorSchoolsRead);
      const day = today();
      const rows = await repo.listEntries(db, {
        prefix: regionOf(actor),
        subject: query.subject,
        state: query.state ?? 'current',
        today: day,
      });
      return {
        today: day,
        items: rows.map((r) => ({
          ...r,
          subject: r.subject as Subject,
          liftedAt: r.liftedAt?.toISOString() ?? null,
          createdAt: r.createdAt.toISOString(),
          status: entryStatus(r, day),
        })),
      };
    },

    /** Lists a school or a coach (city and province regulators). Audited; the search flag follows. */
    async create(actor: Actor, input: NewEntry) {
      requirePermission(actor, Permission.regulatorSupervisionWrite);
      const reason = input.reason.trim();
      if (!reason) throw new AppError('supervision.reason_required');
      if (!sanctionFits(input.subject, input.sanction)) {
        throw new AppError('supervision.subject_mismatch', {
          message: `sanction ${input.sanction} does not apply to a ${input.subject}`,
          details: { field: 'sanction' },
        });
      }
      const day = today();
      const fromDate = input.fromDate ?? day;
      const untilDate = input.untilDate ?? null;
      checkPeriod(fromDate, untilDate, day);
      const id = await db.transaction().execute(async (tx) => {
        const subject = await resolveSubject(tx, actor, input);
        await repo.lockSchool(tx, subject.schoolId);
        const open = await repo.openEntriesOf(tx, subject);
        const clash = open.find((e) => periodsOverlap(e, { fromDate, untilDate }));
        if (clash) {
          throw new AppError('supervision.already_listed', {
            message: 'an entry not lifted covers part of this period; lift it first',
            details: { entryId: clash.id, sanction: clash.sanction },
          });
        }
        const { id } = await repo.insertEntry(tx, {
          subject: input.subject,
          schoolId: subject.schoolId,
          coachId: subject.coachId,
          countyCode: subject.countyCode,
          reason,
          sanction: input.sanction,
          fromDate,
          untilDate,
          createdBy: actor.userId,
          createdAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'supervision.key_supervision.listed',
          entityType: 'key_supervisions',
          entityId: id,
          regionCode: subject.countyCode,
          schoolId: subject.schoolId,
          details: {
            subject: input.subject,
            coachId: subject.coachId,
            reason,
            sanction: input.sanction,
            fromDate,
            untilDate,
          },
        });
        await repo.syncSearchFlags(tx, day, [subject.schoolId]);
        return id;
      });
      return this.get(actor, id);
    },

    async get(actor: Actor, id: string) {
      requirePermission(actor, Permission.regulatorSchoolsRead);
      const prefix = regionOf(actor);
      const row = UUID.test(id) ? await repo.findEntry(db, id) : undefined;
      if (!row) throw new AppError('supervision.entry_not_found');
      if (!row.countyCode.startsWith(prefix)) throw new AppError('auth.forbidden');
      return {
        ...row,
        subject: row.subject as Subject,
        liftedAt: row.liftedAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
      };
    },

    /** Removal after review (移出重点监管): the entry stays, with who lifted it, when and the review note. */
    async lift(actor: Actor, id: string, input: { note: string }) {
      requirePermission(actor, Permission.regulatorSupervisionWrite);
      const note = input.note.trim();
      if (!note) throw new AppError('supervision.note_required', { message: 'lifting needs a review note' });
      const entry = await this.get(actor, id);
      const day = today();
      await db.transaction().execute(async (tx) => {
        const lifted = await repo.liftEntry(tx, id, {
          liftedAt: clock.now(),
          liftNote: note,
          liftedBy: actor.userId,
        });
        if (!lifted) throw new AppError('supervision.already_lifted');
        await audit.append(tx, actor, {
          action: 'supervision.key_supervision.lifted',
          entityType: 'key_supervisions',
          entityId: id,
          regionCode: entry.countyCode,
          schoolId: entry.schoolId,
          details: { note, sanction: entry.sanction, reason: entry.reason },
        });
        await repo.syncSearchFlags(tx, day, [entry.schoolId]);
      });
      return this.get(actor, id);
    },

    /**
     * The monthly notice (每月通报): the entries of the city's schools and coaches in effect during the month,
     * frozen and made public. Once per city and month; a month that has not started cannot be published.
     */
    async publishNotice(actor: Actor, input: { month: string; cityCode?: string | undefined }) {
      requirePermission(actor, Permission.regulatorSupervisionWrite);
      const prefix = regionOf(actor);
      const cityCode = input.cityCode ?? actor.regionCode ?? '';
      const city = await repo.findRegion(db, cityCode);
      if (!city || city.level !== 'city') {
        throw new AppError('supervision.city_required', { message: 'name the city whose notice this is' });
      }
      if (!regionPrefix(city.code).startsWith(prefix)) {
        throw new AppError('auth.forbidden', { message: 'city outside the region' });
      }
      const day = today();
      if (input.month > day.slice(0, 7)) {
        throw new AppError('supervision.month_invalid', { message: `${input.month} has not started` });
      }
      const { first, last } = monthBounds(input.month);
      return db.transaction().execute(async (tx) => {
        const rows = await repo.entriesInEffect(tx, regionPrefix(city.code), first, last);
        const items = rows.map(toNoticeItem);
        const publishedAt = clock.now();
        const inserted = await repo.insertNotice(tx, {
          cityCode: city.code,
          month: input.month,
          items: JSON.stringify(items),
          publishedBy: actor.userId,
          publishedAt,
        });
        if (!inserted) {
          throw new AppError('supervision.notice_exists', {
            message: `${city.code} ${input.month} is published already`,
          });
        }
        await audit.append(tx, actor, {
          action: 'supervision.notice.published',
          entityType: 'key_supervision_notices',
          entityId: inserted.id,
          regionCode: city.code,
          details: {
            month: input.month,
            schools: items.filter((i) => i.subject === 'school').length,
            coaches: items.filter((i) => i.subject === 'coach').length,
          },
        });
        return {
          cityCode: city.code,
          cityName: city.name,
          month: input.month,
          publishedAt: publishedAt.toISOString(),
          items,
        };
      });
    },

    /** Published notices of the actor's region (regulators see which months are out). */
    async regionNotices(actor: Actor) {
      requirePermission(actor, Permission.regulatorSchoolsRead);
      const rows = await repo.listNotices(db, regionOf(actor));
      return { items: rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() })) };
    },

    /** Every published notice, newest month first (public). */
    async publicNotices() {
      const rows = await repo.listNotices(db);
      return { items: rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() })) };
    },

    /** One published notice (public); not published yet is not found. */
    async publicNotice(cityCode: string, month: string) {
      const notice = await repo.findNotice(db, cityCode, month);
      if (!notice) throw new AppError('supervision.notice_not_found');
      const city = await repo.findRegion(db, cityCode);
      return {
        cityCode,
        cityName: city?.name ?? cityCode,
        month,
        publishedAt: notice.publishedAt.toISOString(),
        items: notice.items as NoticeItem[],
      };
    },

    /** Brings every school's search flag in line with today's entries (periodic job). */
    syncSearchFlags() {
      return repo.syncSearchFlags(db, today());
    },
  };
}

export type KeySupervisionService = ReturnType<typeof createKeySupervisionService>;
