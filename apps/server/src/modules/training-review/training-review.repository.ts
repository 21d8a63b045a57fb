import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the review flow: appeals, stage submissions, signing keys, and the joined views of teaching logs
 * (trainee, school, coach and vehicle names, appeal status) the ledger and the portals list. Accounting
 * (progress per part) and minute overrides belong to the engine and are called through its service.
 */

/** Which logs a caller may see: one trainee, one school, or a region prefix (by the school's county). */
export type LogScope =
  | { kind: 'trainee'; traineeId: string }
  | { kind: 'school'; schoolId: string }
  | { kind: 'region'; prefix: string };

export type LogFilter = {
  traineeId?: string;
  coachId?: string;
  from?: string;
  to?: string;
  verdict?: string;
  part?: number;
};

export function createTrainingReviewRepository() {
  const logColumns = (db: Kysely<DB>) =>
    db
      .selectFrom('teachingLogs as l')
      .innerJoin('trainees as t', 't.id', 'l.traineeId')
      .innerJoin('schools as s', 's.id', 'l.schoolId')
      .leftJoin('coaches as c', 'c.id', 'l.coachId')
      .leftJoin('vehicles as v', 'v.id', 'l.vehicleId')
      .select([
        'l.id',
        'l.source',
        'l.traineeId',
        't.name as traineeName',
        'l.schoolId',
        's.name as schoolName',
        's.countyCode',
        'l.coachId',
        'c.name as coachName',
        'v.plate as vehiclePlate',
        'l.terminalId',
        'l.classroomId',
        'l.courseCode',
        'l.licenceClass',
        'l.part',
        'l.startedAt',
        'l.endedAt',
        'l.totalMinutes',
        'l.validMinutes',
        'l.creditedMinutes',
        'l.mileageM',
        'l.verdict',
        'l.sessionReasons',
        'l.schoolReview',
        // The newest appeal decides what the ledger shows (未申诉 when there is none).
        sql<string | null>`(SELECT a.status FROM appeals a WHERE a.teaching_log_id = l.id
          ORDER BY a.created_at DESC LIMIT 1)`.as('appealStatus'),
      ]);

  const applyScope = <T>(qb: T, scope: LogScope): T => {
    const q = qb as unknown as {
      where: (col: string, op: string, val: unknown) => unknown;
    };
    switch (scope.kind) {
      case 'trainee':
        return q.where('l.traineeId', '=', scope.traineeId) as T;
      case 'school':
        return q.where('l.schoolId', '=', scope.schoolId) as T;
      case 'region':
        return q.where('s.countyCode', 'like', `${scope.prefix}%`) as T;
    }
  };

  return {
    async findLogs(
      db: Kysely<DB>,
      scope: LogScope,
      filter: LogFilter,
      page: { limit: number; offset: number },
    ) {
      let q = applyScope(logColumns(db), scope);
      if (filter.traineeId) q = q.where('l.traineeId', '=', filter.traineeId);
      if (filter.coachId) q = q.where('l.coachId', '=', filter.coachId);
      if (filter.verdict) q = q.where('l.verdict', '=', filter.verdict);
      if (filter.part) q = q.where('l.part', '=', filter.part);
      // Days are China Standard Time calendar days.
      if (filter.from) q = q.where('l.startedAt', '>=', new Date(`${filter.from}T00:00:00+08:00`));
      if (filter.to) {
        q = q.where(
          'l.startedAt',
          '<',
          new Date(new Date(`${filter.to}T00:00:00+08:00`).getTime() + 86_400_000),
        );
      }
      const [items, total] = await Promise.all([
        q.orderBy('l.startedAt', 'desc').orderBy('l.id').limit(page.limit).offset(page.offset).execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },

    async findLog(db: Kysely<DB>, scope: LogScope, logId: string) {
      return applyScope(logColumns(db), scope).where('l.id', '=', logId).executeTakeFirst();
    },

    async findLogsByIds(db: Kysely<DB>, ids: string[]) {
      if (ids.length === 0) return [];
      return logColumns(db).where('l.id', 'in', ids).orderBy('l.startedAt').execute();
    },

    /** Every log of one trainee and part that credits minutes: what a stage record rests on. */
    async findCreditingLogs(db: Kysely<DB>, traineeId: string, part: number) {
      return logColumns(db)
        .where('l.traineeId', '=', traineeId)
        .where('l.part', '=', part)
        .where('l.creditedMinutes', '>', 0)
        .orderBy('l.startedAt')
        .execute();
    },

    async findMinutes(db: Kysely<DB>, logId: string) {
      return db
        .selectFrom('minuteVerdicts as mv')
        .innerJoin('minuteRecords as mr', 'mr.recordNumber', 'mv.recordNumber')
        .select([
          'mv.recordNumber',
          'mr.recordedAt',
          'mr.latitude',
          'mr.longitude',
          'mr.mileageDecikm',
          'mr.maxSpeedDecikmh',
          'mv.valid',
          'mv.reasons',
          'mv.overrideValid',
          'mv.overrideNote',
          'mv.overrideAt',
        ])
        .where('mv.teachingLogId', '=', logId)
        .orderBy('mr.recordedAt')
        .execute();
    },

    /** Photos taken in the log's session (same terminal and 课堂ID), metadata only. */
    async findPhotos(db: Kysely<DB>, log: { terminalId: string | null; classroomId: number | null }) {
      if (!log.terminalId || log.classroomId === null) return [];
      return db
        .selectFrom('photos')
        .select(['id', 'takenAt', 'eventType', 'faceConfidence', 'status', 'byteSize'])
        .where('terminalId', '=', log.terminalId)
        .where('classroomId', '=', log.classroomId)
        .orderBy('takenAt')
        .execute();
    },

    /** A photo's bytes, only when it belongs to a session of this trainee. */
    async findOwnPhoto(db: Kysely<DB>, traineeId: string, photoId: string) {
      return db
        .selectFrom('photos as p')
        .innerJoin('teachingLogs as l', (join) =>
          join.onRef('l.terminalId', '=', 'p.terminalId').onRef('l.classroomId', '=', 'p.classroomId'),
        )
        .select(['p.id', 'p.data', 'p.status'])
        .where('p.id', '=', photoId)
        .where('l.traineeId', '=', traineeId)
        .executeTakeFirst();
    },

    async trackSummary(db: Kysely<DB>, log: { terminalId: string | null; startedAt: Date; endedAt: Date }) {
      if (!log.terminalId) return { points: 0, maxSpeedKmh: 0 };
      const row = await db
        .selectFrom('positions')
        .select((eb) => [eb.fn.countAll<number>().as('points'), eb.fn.max('speedKmh').as('maxSpeedKmh')])
        .where('terminalId', '=', log.terminalId)
        .where('fixTime', '>=', log.startedAt)
        .where('fixTime', '<=', log.endedAt)
        .executeTakeFirstOrThrow();
      return { points: Number(row.points), maxSpeedKmh: Number(row.maxSpeedKmh ?? 0) };
    },

    async trainee(db: Kysely<DB>, traineeId: string) {
      return db
        .selectFrom('trainees as t')
        .innerJoin('schools as s', 's.id', 't.schoolId')
        .select([
          't.id',
          't.name',
          't.traineeNumber',
          't.licenceClass',
          't.schoolId',
          's.name as schoolName',
          's.countyCode',
        ])
        .where('t.id', '=', traineeId)
        .executeTakeFirst();
    },

    appealColumns(db: Kysely<DB>) {
      return db
        .selectFrom('appeals as a')
        .innerJoin('teachingLogs as l', 'l.id', 'a.teachingLogId')
        .innerJoin('trainees as t', 't.id', 'a.traineeId')
        .innerJoin('schools as s', 's.id', 'a.schoolId')
        .select([
          'a.id',
          'a.teachingLogId',
          'a.traineeId',
          't.name as traineeName',
          'a.schoolId',
          's.name as schoolName',
          's.countyCode',
          'a.reason',
          'a.status',
          'a.stage',
          'a.schoolReply',
          'a.schoolRepliedAt',
          'a.regulatorReply',
          'a.regulatorRepliedAt',
          'a.idempotencyKey',
          'a.createdAt',
          'l.startedAt as logStartedAt',
          'l.part as logPart',
          'l.verdict as logVerdict',
          'l.creditedMinutes as logCreditedMinutes',
          'l.totalMinutes as logTotalMinutes',
        ]);
    },

    submissionColumns(db: Kysely<DB>) {
      return db
        .selectFrom('stageSubmissions as ss')
        .innerJoin('trainees as t', 't.id', 'ss.traineeId')
        .innerJoin('schools as s', 's.id', 'ss.schoolId')
        .select([
          'ss.id',
          'ss.traineeId',
          't.name as traineeName',
          'ss.schoolId',
          's.name as schoolName',
          's.countyCode',
          'ss.part',
          'ss.creditedMinutes',
          'ss.mileageM',
          'ss.teachingLogIds',
          'ss.record',
          'ss.recordSha256',
          'ss.signature',
          'ss.status',
          'ss.submittedAt',
          'ss.reviewedAt',
          'ss.rejection',
        ]);
    },

    async signingKey(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('schoolSigningKeys')
        .select(['algorithm', 'publicKeyPem', 'privateKeyPem'])
        .where('schoolId', '=', schoolId)
        .executeTakeFirst();
    },

    async insertSigningKey(
      db: Kysely<DB>,
      row: { schoolId: string; publicKeyPem: string; privateKeyPem: string },
    ) {
      await db
        .insertInto('schoolSigningKeys')
        .values({ ...row, algorithm: 'RSA-SHA256' })
        .onConflict((oc) => oc.column('schoolId').doNothing())
        .execute();
    },
  };
}
export type TrainingReviewRepository = ReturnType<typeof createTrainingReviewRepository>;
