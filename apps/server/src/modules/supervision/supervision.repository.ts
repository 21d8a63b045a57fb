import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { ActionKind } from './supervision.rules.ts';

type Db = Kysely<DB>;

/** The China calendar day an entry was lifted on (null when not lifted). */
const liftedOn = sql<
  string | null
>`to_char((key_supervisions.lifted_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')`;

/** `key_supervisions` rows active on `day` (started, not ended, not lifted by then). */
function activeOn(day: string): Expression<SqlBool> {
  return sql<SqlBool>`key_supervisions.from_date <= ${day}::date
    AND (key_supervisions.until_date IS NULL OR key_supervisions.until_date >= ${day}::date)
    AND (key_supervisions.lifted_at IS NULL
         OR (key_supervisions.lifted_at AT TIME ZONE 'Asia/Shanghai')::date > ${day}::date)`;
}

/** `key_supervisions` rows in effect on at least one day of [first, last]. */
function inEffectBetween(first: string, last: string): Expression<SqlBool> {
  return sql<SqlBool>`key_supervisions.from_date <= ${last}::date
    AND (key_supervisions.until_date IS NULL OR key_supervisions.until_date >= ${first}::date)
    AND (key_supervisions.lifted_at IS NULL
         OR (key_supervisions.lifted_at AT TIME ZONE 'Asia/Shanghai')::date >= ${first}::date)`;
}

export type EntryFilter = {
  prefix: string;
  subject?: 'school' | 'coach' | undefined;
  /** current: not lifted and not past its last day (in effect or starting later); lifted; all. */
  state: 'current' | 'lifted' | 'all';
  today: string;
};

export function createSupervisionRepository() {
  const entryColumns = [
    'key_supervisions.id',
    'key_supervisions.subject',
    'key_supervisions.schoolId',
    'schools.name as schoolName',
    'key_supervisions.coachId',
    'coaches.name as coachName',
    'key_supervisions.countyCode',
    'key_supervisions.reason',
    'key_supervisions.sanction',
    'key_supervisions.fromDate',
    'key_supervisions.untilDate',
    'key_supervisions.liftedAt',
    'key_supervisions.liftNote',
    'lifter.username as liftedBy',
    'creator.username as createdBy',
    'key_supervisions.createdAt',
  ] as const;

  function entries(db: Db) {
    return db
      .selectFrom('keySupervisions as key_supervisions')
      .innerJoin('schools', 'schools.id', 'key_supervisions.schoolId')
      .leftJoin('coaches', 'coaches.id', 'key_supervisions.coachId')
      .leftJoin('users as creator', 'creator.id', 'key_supervisions.createdBy')
      .leftJoin('users as lifter', 'lifter.id', 'key_supervisions.liftedBy')
      .select(entryColumns)
      .select(liftedOn.as('liftedOn'));
  }

  /** An action with the names a list shows (county, school, coach, who recorded it). */
  function actionsView(db: Db) {
    return db
      .selectFrom('supervisionActions as a')
      .innerJoin('regions as r', 'r.code', 'a.countyCode')
      .leftJoin('schools as s', 's.id', 'a.schoolId')
      .leftJoin('coaches as c', 'c.id', 'a.coachId')
      .innerJoin('users as u', 'u.id', 'a.createdBy')
      .select([
        'a.id',
        'a.kind',
        'a.countyCode',
        'r.name as countyName',
        'a.schoolId',
        's.name as schoolName',
        'a.coachId',
        'c.name as coachName',
        'a.enforcementId',
        'a.happenedOn',
        'a.note',
        'u.username as createdBy',
        'a.createdAt',
      ]);
  }

  return {
    listEntries(db: Db, f: EntryFilter) {
      let q = entries(db).where('key_supervisions.countyCode', 'like', `${f.prefix}%`);
      if (f.subject) q = q.where('key_supervisions.subject', '=', f.subject);
      if (f.state === 'current') {
        q = q
          .where('key_supervisions.liftedAt', 'is', null)
          .where((eb) =>
            eb.or([
              eb('key_supervisions.untilDate', 'is', null),
              eb('key_supervisions.untilDate', '>=', f.today),
            ]),
          );
      }
      if (f.state === 'lifted') q = q.where('key_supervisions.liftedAt', 'is not', null);
      return q
        .orderBy('key_supervisions.fromDate', 'desc')
        .orderBy('key_supervisions.createdAt', 'desc')
        .limit(1000)
        .execute();
    },

    findEntry(db: Db, id: string) {
      return entries(db).where('key_supervisions.id', '=', id).executeTakeFirst();
    },

    /** Entries of the same subject not lifted yet, locked: a new entry must not overlap any of them. */
    openEntriesOf(db: Db, subject: { schoolId: string; coachId: string | null }) {
      let q = db
        .selectFrom('keySupervisions')
        .select(['id', 'sanction', 'fromDate', 'untilDate'])
        .where('liftedAt', 'is', null);
      q =
        subject.coachId === null
          ? q.where('subject', '=', 'school').where('schoolId', '=', subject.schoolId)
          : q.where('subject', '=', 'coach').where('coachId', '=', subject.coachId);
      return q.forUpdate().execute();
    },

    insertEntry(
      db: Db,
      row: {
        subject: 'school' | 'coach';
        schoolId: string;
        coachId: string | null;
        countyCode: string;
        reason: string;
        sanction: string;
        fromDate: string;
        untilDate: string | null;
        createdBy: string;
        createdAt: Date;
      },
    ) {
      return db.insertInto('keySupervisions').values(row).returning('id').executeTakeFirstOrThrow();
    },

    /** Lifts an entry not lifted yet; undefined when it was lifted meanwhile. */
    liftEntry(db: Db, id: string, lift: { liftedAt: Date; liftNote: string; liftedBy: string }) {
      return db
        .updateTable('keySupervisions')
        .set(lift)
        .where('id', '=', id)
        .where('liftedAt', 'is', null)
        .returning('id')
        .executeTakeFirst();
    },

    /** The school's active school-entries on `day` with the sanctions named (strongest decided by caller). */
    activeSchoolSanctions(db: Db, schoolId: string, day: string) {
      return db
        .selectFrom('keySupervisions as key_supervisions')
        .select(['key_supervisions.sanction', 'key_supervisions.reason', 'key_supervisions.fromDate'])
        .select(['key_supervisions.untilDate'])
        .where('key_supervisions.subject', '=', 'school')
        .where('key_supervisions.schoolId', '=', schoolId)
        .where(activeOn(day))
        .orderBy('key_supervisions.fromDate')
        .execute();
    },

    activeCoachSanctions(db: Db, coachId: string, day: string) {
      return db
        .selectFrom('keySupervisions as key_supervisions')
        .select(['key_supervisions.sanction', 'key_supervisions.reason', 'key_supervisions.untilDate'])
        .where('key_supervisions.subject', '=', 'coach')
        .where('key_supervisions.coachId', '=', coachId)
        .where(activeOn(day))
        .execute();
    },

    /**
     * Sets school_search.key_supervision to "has a school entry active on `day`" for the given schools (all
     * when omitted), writing only the rows that change. Returns how many changed.
     */
    async syncSearchFlags(db: Db, day: string, schoolIds?: string[]) {
      if (schoolIds && schoolIds.length === 0) return 0;
      const result = await sql`
        UPDATE school_search ss SET key_supervision = f.active
        FROM (
          SELECT s.school_id, EXISTS (
            SELECT 1 FROM key_supervisions
            WHERE key_supervisions.subject = 'school' AND key_supervisions.school_id = s.school_id
              AND ${activeOn(day)}
          ) AS active
          FROM school_search s
          ${schoolIds ? sql`WHERE s.school_id = ANY(${schoolIds}::uuid[])` : sql``}
        ) f
        WHERE ss.school_id = f.school_id AND ss.key_supervision IS DISTINCT FROM f.active`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** Entries of a city's schools in effect during [first, last], for the monthly notice. */
    entriesInEffect(db: Db, cityPrefix: string, first: string, last: string) {
      return entries(db)
        .where('key_supervisions.countyCode', 'like', `${cityPrefix}%`)
        .where(inEffectBetween(first, last))
        .orderBy('key_supervisions.subject', 'desc')
        .orderBy('key_supervisions.fromDate')
        .orderBy('schools.name')
        .execute();
    },

    findNotice(db: Db, cityCode: string, month: string) {
      return db
        .selectFrom('keySupervisionNotices')
        .selectAll()
        .where('cityCode', '=', cityCode)
        .where('month', '=', month)
        .executeTakeFirst();
    },

    insertNotice(
      db: Db,
      row: { cityCode: string; month: string; items: string; publishedBy: string; publishedAt: Date },
    ) {
      return db
        .insertInto('keySupervisionNotices')
        .values(row)
        .onConflict((oc) => oc.columns(['cityCode', 'month']).doNothing())
        .returning('id')
        .executeTakeFirst();
    },

    listNotices(db: Db, cityPrefix?: string) {
      let q = db
        .selectFrom('keySupervisionNotices as n')
        .innerJoin('regions as r', 'r.code', 'n.cityCode')
        .select(['n.cityCode', 'r.name as cityName', 'n.month', 'n.publishedAt'])
        .select(sql<number>`jsonb_array_length(n.items)`.as('count'));
      if (cityPrefix) q = q.where('n.cityCode', 'like', `${cityPrefix}%`);
      return q.orderBy('n.month', 'desc').orderBy('n.cityCode').limit(500).execute();
    },

    findRegion(db: Db, code: string) {
      return db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
    },

    findSchool(db: Db, id: string) {
      return db
        .selectFrom('schools')
        .select(['id', 'name', 'countyCode'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    findCoach(db: Db, id: string) {
      return db
        .selectFrom('coaches')
        .innerJoin('schools', 'schools.id', 'coaches.schoolId')
        .select(['coaches.id', 'coaches.name', 'coaches.schoolId', 'schools.countyCode'])
        .where('coaches.id', '=', id)
        .executeTakeFirst();
    },

    /** Serialises writes about one school (listing it or one of its coaches). */
    lockSchool(db: Db, id: string) {
      return db.selectFrom('schools').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    },

    // ---- supervision actions --------------------------------------------------------------------------

    insertAction(
      db: Db,
      row: {
        kind: ActionKind;
        countyCode: string;
        schoolId: string | null;
        coachId: string | null;
        enforcementId: string | null;
        happenedOn: string;
        note: string;
        createdBy: string;
        createdAt: Date;
      },
    ) {
      return db.insertInto('supervisionActions').values(row).returning('id').executeTakeFirstOrThrow();
    },

    findAction(db: Db, id: string) {
      return db.selectFrom('supervisionActions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findActionView(db: Db, id: string) {
      return actionsView(db).where('a.id', '=', id).executeTakeFirst();
    },

    listActions(
      db: Db,
      f: {
        prefix: string;
        kind?: ActionKind | undefined;
        from?: string | undefined;
        to?: string | undefined;
      },
    ) {
      let q = actionsView(db).where('a.countyCode', 'like', `${f.prefix}%`);
      if (f.kind) q = q.where('a.kind', '=', f.kind);
      if (f.from) q = q.where('a.happenedOn', '>=', f.from);
      if (f.to) q = q.where('a.happenedOn', '<=', f.to);
      return q.orderBy('a.happenedOn', 'desc').orderBy('a.createdAt', 'desc').limit(500).execute();
    },
  };
}

export type SupervisionRepository = ReturnType<typeof createSupervisionRepository>;
