import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of 人工审核: the queue with the joined names a list shows, the workspace's inputs (minutes with
 * both speeds, positions, photos, fences), sampling rows and ratios, ties. Overrides and credited minutes
 * are written by the training-hours engine, never here.
 */

export type QueueFilter = {
  reason?: 'sample' | 'high_risk';
  status?: 'queued' | 'decided';
  schoolId?: string;
  riskLevel?: 'high' | 'medium' | 'low' | 'none';
};

/** Track points beyond this are thinned evenly: a map line and a chart need no more. */
const MAX_TRACK_POINTS = 2_000;

export function createManualReviewRepository() {
  const reviewColumns = (db: Kysely<DB>) =>
    db
      .selectFrom('manualReviews as r')
      .innerJoin('teachingLogs as l', 'l.id', 'r.teachingLogId')
      .innerJoin('schools as s', 's.id', 'r.schoolId')
      .innerJoin('trainees as t', 't.id', 'l.traineeId')
      .leftJoin('coaches as c', 'c.id', 'l.coachId')
      .leftJoin('vehicles as v', 'v.id', 'l.vehicleId')
      .leftJoin('users as u', 'u.id', 'r.reviewerId')
      .select([
        'r.id',
        'r.teachingLogId',
        'r.schoolId',
        's.name as schoolName',
        'r.countyCode',
        'r.reason',
        'r.riskScore',
        'r.riskDetectors',
        'r.status',
        'r.decision',
        'r.validMinutes',
        'r.creditedBefore',
        'r.creditedAfter',
        'r.reasonCodes',
        'r.note',
        'r.reviewerId',
        'u.displayName as reviewerName',
        'r.decidedAt',
        'r.baseline',
        'r.createdAt',
        'l.traineeId',
        't.name as traineeName',
        't.traineeNumber',
        'l.coachId',
        'c.name as coachName',
        'v.plate as vehiclePlate',
        'l.terminalId',
        'l.classroomId',
        'l.courseCode',
        'l.part',
        'l.startedAt',
        'l.endedAt',
        'l.totalMinutes',
        'l.validMinutes as logValidMinutes',
        'l.creditedMinutes',
        'l.mileageM',
        'l.verdict',
        'l.flagged',
        'l.sessionReasons',
      ]);

  return {
    reviewColumns,

    async findQueue(
      db: Kysely<DB>,
      prefix: string,
      filter: QueueFilter,
      page: { limit: number; offset: number },
    ) {
      let q = reviewColumns(db).where('r.countyCode', 'like', `${prefix}%`);
      if (filter.reason) q = q.where('r.reason', '=', filter.reason);
      if (filter.status) q = q.where('r.status', '=', filter.status);
      if (filter.schoolId) q = q.where('r.schoolId', '=', filter.schoolId);
      // Levels as the anomaly module's risk score defines them (high ≥ 60, medium 30–59, low 1–29).
      const between = (from: number, below: number) =>
        q.where('r.riskScore', '>=', from).where('r.riskScore', '<', below);
      if (filter.riskLevel === 'high') q = q.where('r.riskScore', '>=', 60);
      if (filter.riskLevel === 'medium') q = between(30, 60);
      if (filter.riskLevel === 'low') q = between(1, 30);
      if (filter.riskLevel === 'none') {
        q = q.where((eb) => eb.or([eb('r.riskScore', 'is', null), eb('r.riskScore', '=', 0)]));
      }
      const [items, total] = await Promise.all([
        q
          // Open work first, the riskiest on top, then oldest first (first in, first reviewed).
          .orderBy(sql`CASE WHEN r.status = 'queued' THEN 0 ELSE 1 END`)
          .orderBy(sql`COALESCE(r.risk_score, 0)`, 'desc')
          .orderBy('r.createdAt')
          .orderBy('r.id')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        q
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },

    async findReview(db: Kysely<DB>, prefix: string, id: string) {
      return reviewColumns(db)
        .where('r.id', '=', id)
        .where('r.countyCode', 'like', `${prefix}%`)
        .executeTakeFirst();
    },

    async lockReview(tx: Kysely<DB>, id: string) {
      return tx
        .selectFrom('manualReviews')
        .select(['id', 'status', 'baseline'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    async history(db: Kysely<DB>, reviewId: string) {
      return db
        .selectFrom('manualReviewHistory as h')
        .innerJoin('users as u', 'u.id', 'h.actorId')
        .select([
          'h.id',
          'h.kind',
          'h.decision',
          'h.validMinutes',
          'h.validRecordNumbers',
          'h.reasonCodes',
          'h.note',
          'h.creditedBefore',
          'h.creditedAfter',
          'h.actorId',
          'u.displayName as actorName',
          'h.at',
        ])
        .where('h.reviewId', '=', reviewId)
        .orderBy('h.id')
        .execute();
    },

    /** Active ties of these users to this school (one user in practice; a list for the queue). */
    async activeTieSchools(db: Kysely<DB>, userId: string) {
      const rows = await db
        .selectFrom('reviewerSchoolTies')
        .select('schoolId')
        .where('userId', '=', userId)
        .where('endedAt', 'is', null)
        .execute();
      return new Set(rows.map((r) => r.schoolId));
    },

    /** Every minute of the log with both speeds and the verdicts, in time order. */
    async minutes(db: Kysely<DB>, logId: string) {
      return db
        .selectFrom('minuteVerdicts as mv')
        .innerJoin('minuteRecords as mr', 'mr.recordNumber', 'mv.recordNumber')
        .select([
          'mv.recordNumber',
          'mr.recordedAt',
          'mr.latitude',
          'mr.longitude',
          'mr.gnssSpeedKmh',
          'mr.recorderSpeedDecikmh',
          'mr.maxSpeedDecikmh',
          'mr.mileageDecikm',
          'mr.engineRpm',
          'mv.valid',
          'mv.reasons',
          'mv.overrideValid',
          'mv.overrideNote',
        ])
        .where('mv.teachingLogId', '=', logId)
        .orderBy('mr.recordedAt')
        .execute();
    },

    /** The terminal's fixes during the session (GNSS and pulse speed), thinned evenly to at most 2,000 points. */
    async track(db: Kysely<DB>, log: { terminalId: string | null; startedAt: Date; endedAt: Date }) {
      if (!log.terminalId) return [];
      const range = db
        .selectFrom('positions')
        .where('terminalId', '=', log.terminalId)
        .where('fixTime', '>=', log.startedAt)
        .where('fixTime', '<=', log.endedAt);
      const { n } = await range.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const step = Math.max(1, Math.ceil(Number(n) / MAX_TRACK_POINTS));
      const rows = await db
        .selectFrom(
          range
            .select([
              'fixTime',
              'latitude',
              'longitude',
              'speedKmh',
              'recorderSpeedDecikmh',
              sql<number>`row_number() OVER (ORDER BY fix_time)`.as('rn'),
            ])
            .as('p'),
        )
        .select(['fixTime', 'latitude', 'longitude', 'speedKmh', 'recorderSpeedDecikmh'])
        .where(sql<boolean>`(p.rn - 1) % ${step} = 0`)
        .orderBy('fixTime')
        .execute();
      return rows;
    },

    async photos(db: Kysely<DB>, log: { terminalId: string | null; classroomId: number | null }) {
      if (!log.terminalId || log.classroomId === null) return [];
      return db
        .selectFrom('photos')
        .select([
          'id',
          'takenAt',
          'eventType',
          'faceConfidence',
          'status',
          'latitude',
          'longitude',
          // Bytes may be missing for a row that says complete (seeded history): the page must know.
          sql<boolean>`data IS NOT NULL`.as('hasImage'),
        ])
        .where('terminalId', '=', log.terminalId)
        .where('classroomId', '=', log.classroomId)
        .orderBy('takenAt')
        .execute();
    },

    async sessionPhoto(
      db: Kysely<DB>,
      log: { terminalId: string | null; classroomId: number | null },
      photoId: string,
    ) {
      if (!log.terminalId || log.classroomId === null) return undefined;
      return db
        .selectFrom('photos')
        .select(['data', 'status'])
        .where('id', '=', photoId)
        .where('terminalId', '=', log.terminalId)
        .where('classroomId', '=', log.classroomId)
        .executeTakeFirst();
    },

    async registeredPhoto(db: Kysely<DB>, traineeId: string) {
      return db
        .selectFrom('traineePhotos')
        .select(['contentType', 'bytes'])
        .where('traineeId', '=', traineeId)
        .executeTakeFirst();
    },

    async hasRegisteredPhoto(db: Kysely<DB>, traineeId: string) {
      const row = await db
        .selectFrom('traineePhotos')
        .select('traineeId')
        .where('traineeId', '=', traineeId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async fences(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('teachingAreas')
        .select(['id', 'name', 'kind', 'polygon'])
        .where('schoolId', '=', schoolId)
        .where('status', '=', 'active')
        .orderBy('name')
        .execute();
    },

    /** The ratio rows of these cities, newest first. */
    async ratios(db: Kysely<DB>, cityCodes: string[]) {
      if (cityCodes.length === 0) return [];
      return db
        .selectFrom('reviewSamplingRatios as rr')
        .innerJoin('users as u', 'u.id', 'rr.setBy')
        .select(['rr.id', 'rr.cityCode', 'rr.percent', 'rr.note', 'rr.setAt', 'u.displayName as setByName'])
        .where('rr.cityCode', 'in', cityCodes)
        .orderBy('rr.id', 'desc')
        .execute();
    },

    /** Terminal logs audited at least once and never looked at by the sampler, in a stable order. */
    async unsampledLogs(db: Kysely<DB>, limit: number) {
      return db
        .selectFrom('teachingLogs as l')
        .innerJoin('schools as s', 's.id', 'l.schoolId')
        .leftJoin('reviewSamples as rs', 'rs.teachingLogId', 'l.id')
        .select(['l.id', 'l.schoolId', 's.countyCode', 'l.startedAt'])
        .where('l.source', '=', 'terminal')
        .where('l.auditedAt', 'is not', null)
        .where('rs.teachingLogId', 'is', null)
        .orderBy('l.startedAt')
        .orderBy('l.id')
        .limit(limit)
        .execute();
    },

    async tally(db: Kysely<DB>, cityCode: string, month: string) {
      const row = await db
        .selectFrom('reviewSamples')
        .select((eb) => [
          eb.fn.countAll<number>().as('seen'),
          eb.fn.count<number>('selectedBy').as('selected'),
        ])
        .where('cityCode', '=', cityCode)
        .where('month', '=', month)
        .executeTakeFirstOrThrow();
      return { seen: Number(row.seen), selected: Number(row.selected) };
    },

    async reviewsOfLog(db: Kysely<DB>, logId: string) {
      return db
        .selectFrom('manualReviews')
        .select(['id', 'status', 'reason', 'riskScore'])
        .where('teachingLogId', '=', logId)
        .execute();
    },
  };
}
export type ManualReviewRepository = ReturnType<typeof createManualReviewRepository>;
