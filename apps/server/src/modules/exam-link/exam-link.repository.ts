import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export type ExamRecordKind = 'booking' | 'result';

/** The only file touching exam_eligibility and exam_results. Returns rows; holds no rules. */
export function createExamLinkRepository() {
  return {
    /**
     * Idempotent on both unique keys (the stage submission, and trainee + part). Inserts take one
     * transaction-scoped advisory lock, so `seq` values are handed out in commit order and a poller's
     * cursor never skips a row that commits late with a smaller number. (7265 is migrations', 7266 the
     * audit chain's and the demo seed's.)
     */
    async insertEligibility(
      tx: Kysely<DB>,
      row: { traineeId: string; part: number; stageSubmissionId: string; eligibleAt: Date },
    ): Promise<{ seq: number } | undefined> {
      await sql`SELECT pg_advisory_xact_lock(7267)`.execute(tx);
      return tx
        .insertInto('examEligibility')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('seq')
        .executeTakeFirst();
    },

    /** Trainees with this identity-number hash whose school lies in the region prefix. */
    findTraineesByIdHash(db: Kysely<DB>, idNumberHash: string, regionPrefix: string) {
      return db
        .selectFrom('trainees as t')
        .innerJoin('schools as s', 's.id', 't.schoolId')
        .select(['t.id', 't.name', 't.idNumberMasked', 't.schoolId', 's.name as schoolName', 's.countyCode'])
        .where('t.idNumberHash', '=', idNumberHash)
        .where('s.countyCode', 'like', `${regionPrefix}%`)
        .orderBy('t.enrolledOn')
        .orderBy('t.id')
        .execute();
    },

    findTraineeInRegion(db: Kysely<DB>, traineeId: string, regionPrefix: string) {
      return db
        .selectFrom('trainees as t')
        .innerJoin('schools as s', 's.id', 't.schoolId')
        .select(['t.id', 't.name', 't.schoolId', 's.countyCode'])
        .where('t.id', '=', traineeId)
        .where('s.countyCode', 'like', `${regionPrefix}%`)
        .executeTakeFirst();
    },

    eligibilityOf(db: Kysely<DB>, traineeIds: string[]) {
      if (traineeIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('examEligibility')
        .select(['traineeId', 'part', 'eligibleAt'])
        .where('traineeId', 'in', traineeIds)
        .execute();
    },

    findEligibility(db: Kysely<DB>, traineeId: string, part: number) {
      return db
        .selectFrom('examEligibility')
        .select(['seq', 'eligibleAt'])
        .where('traineeId', '=', traineeId)
        .where('part', '=', part)
        .executeTakeFirst();
    },

    listEligibleAfter(db: Kysely<DB>, regionPrefix: string, after: number, limit: number) {
      return db
        .selectFrom('examEligibility as e')
        .innerJoin('trainees as t', 't.id', 'e.traineeId')
        .innerJoin('schools as s', 's.id', 't.schoolId')
        .select([
          'e.seq',
          'e.part',
          'e.eligibleAt',
          't.id as traineeId',
          't.name',
          't.idNumberMasked',
          't.licenceClass',
          's.id as schoolId',
          's.name as schoolName',
        ])
        .where('e.seq', '>', after)
        .where('s.countyCode', 'like', `${regionPrefix}%`)
        .orderBy('e.seq')
        .limit(limit)
        .execute();
    },

    /**
     * The coach who taught most of the trainee's credited minutes in the part (ties: the one who
     * taught most recently, then the smaller id, so the answer is stable). Undefined without logs.
     */
    async leadingCoach(db: Kysely<DB>, traineeId: string, part: number): Promise<string | null> {
      const row = await db
        .selectFrom('teachingLogs')
        .select(['coachId'])
        .where('traineeId', '=', traineeId)
        .where('part', '=', part)
        .where('coachId', 'is not', null)
        .groupBy('coachId')
        .having(sql<number>`sum(credited_minutes)`, '>', 0)
        .orderBy(sql`sum(credited_minutes)`, 'desc')
        .orderBy(sql`max(ended_at)`, 'desc')
        .orderBy('coachId')
        .limit(1)
        .executeTakeFirst();
      return row?.coachId ?? null;
    },

    insertExamRecord(
      tx: Kysely<DB>,
      row: {
        traineeId: string;
        schoolId: string;
        coachId: string | null;
        part: number;
        kind: ExamRecordKind;
        examDate: string;
        passed: boolean | null;
        score: number | null;
        integrationClientId: string;
        externalId: string;
        receivedAt: Date;
      },
    ) {
      return tx
        .insertInto('examResults')
        .values(row)
        .onConflict((oc) => oc.columns(['integrationClientId', 'kind', 'externalId']).doNothing())
        .returning(['id'])
        .executeTakeFirst();
    },

    findExamRecord(db: Kysely<DB>, clientId: string, kind: ExamRecordKind, externalId: string) {
      return db
        .selectFrom('examResults')
        .select(['id', 'traineeId', 'part', 'examDate', 'passed', 'score'])
        .where('integrationClientId', '=', clientId)
        .where('kind', '=', kind)
        .where('externalId', '=', externalId)
        .executeTakeFirst();
    },

    findSchool(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('schools')
        .select(['id', 'name', 'countyCode'])
        .where('id', '=', schoolId)
        .executeTakeFirst();
    },

    /** Results (not bookings) of one school, counted per part. */
    schoolResultCounts(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('examResults')
        .select([
          'part',
          sql<number>`count(*)::int`.as('attempts'),
          sql<number>`count(*) FILTER (WHERE passed)::int`.as('passed'),
        ])
        .where('schoolId', '=', schoolId)
        .where('kind', '=', 'result')
        .groupBy('part')
        .execute();
    },

    /** Results of one school per leading coach and part; results with no known coach are left out. */
    coachResultCounts(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('examResults as r')
        .innerJoin('coaches as c', 'c.id', 'r.coachId')
        .select([
          'r.coachId',
          'c.name as coachName',
          'r.part',
          sql<number>`count(*)::int`.as('attempts'),
          sql<number>`count(*) FILTER (WHERE r.passed)::int`.as('passed'),
        ])
        .where('r.schoolId', '=', schoolId)
        .where('r.kind', '=', 'result')
        .groupBy(['r.coachId', 'c.name', 'r.part'])
        .orderBy('c.name')
        .orderBy('r.part')
        .execute();
    },
  };
}
export type ExamLinkRepository = ReturnType<typeof createExamLinkRepository>;
