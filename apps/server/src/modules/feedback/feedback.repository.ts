import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { SchoolScope } from '../../shared/access.ts';

/** Where a regulator's or school's rows are: a region prefix on the complaint's county, or one school. */
export type FeedbackScope = SchoolScope;

/** The only file touching the feedback tables (and the 0010 summaries it feeds). */
export function createFeedbackRepository() {
  const evaluationColumns = (db: Kysely<DB>) =>
    db
      .selectFrom('evaluations as e')
      .innerJoin('schools as s', 's.id', 'e.schoolId')
      .leftJoin('coaches as c', 'c.id', 'e.coachId')
      .select([
        'e.id',
        'e.stageSubmissionId',
        'e.schoolId',
        's.name as schoolName',
        's.countyCode',
        'e.coachId',
        'c.name as coachName',
        'e.traineeId',
        'e.part',
        'e.overallStars',
        'e.teachingStars',
        'e.attitudeStars',
        'e.carStars',
        'e.environmentStars',
        'e.body',
        'e.status',
        'e.holdReasons',
        'e.moderationReason',
        'e.moderatedAt',
        'e.createdAt',
      ]);

  const complaintColumns = (db: Kysely<DB>) =>
    db
      .selectFrom('complaints as k')
      .leftJoin('schools as s', 's.id', 'k.schoolId')
      .leftJoin('coaches as c', 'c.id', 'k.coachId')
      .select([
        'k.id',
        'k.trackingNumber',
        'k.kind',
        'k.category',
        'k.target',
        'k.schoolId',
        's.name as schoolName',
        'k.coachId',
        'c.name as coachName',
        'k.countyCode',
        'k.body',
        'k.traineeId',
        'k.complainantName',
        'k.complainantPhone',
        'k.idempotencyKey',
        'k.status',
        'k.escalationReason',
        'k.schoolDueAt',
        'k.regulatorDueAt',
        'k.schoolReply',
        'k.schoolRepliedAt',
        'k.regulatorReply',
        'k.regulatorRepliedAt',
        'k.satisfaction',
        'k.closeReason',
        'k.createdAt',
        'k.updatedAt',
      ]);

  type ComplaintSelect = ReturnType<typeof complaintColumns>;
  const scoped = (q: ComplaintSelect, scope: FeedbackScope): ComplaintSelect => {
    switch (scope.kind) {
      case 'region':
        return q.where('k.countyCode', 'like', `${scope.prefix}%`);
      case 'school':
        return q.where('k.schoolId', '=', scope.schoolId);
      case 'none':
        return q.where(sql<boolean>`false`);
    }
  };

  return {
    evaluationColumns,
    complaintColumns,
    scopedComplaints: (db: Kysely<DB>, scope: FeedbackScope) => scoped(complaintColumns(db), scope),

    /** The coach who taught most of the part's credited minutes (latest wins a tie), like exam-link. */
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

    async insertInvitation(
      db: Kysely<DB>,
      row: {
        stageSubmissionId: string;
        traineeId: string;
        schoolId: string;
        coachId: string | null;
        part: number;
        invitedAt: Date;
      },
    ): Promise<void> {
      await db
        .insertInto('evaluationInvitations')
        .values(row)
        .onConflict((oc) => oc.column('stageSubmissionId').doNothing())
        .execute();
    },

    findInvitation(db: Kysely<DB>, stageSubmissionId: string) {
      return db
        .selectFrom('evaluationInvitations as i')
        .innerJoin('schools as s', 's.id', 'i.schoolId')
        .select(['i.stageSubmissionId', 'i.traineeId', 'i.schoolId', 'i.coachId', 'i.part', 's.countyCode'])
        .where('i.stageSubmissionId', '=', stageSubmissionId)
        .executeTakeFirst();
    },

    findInvitationsOf(db: Kysely<DB>, traineeId: string) {
      return db
        .selectFrom('evaluationInvitations as i')
        .innerJoin('schools as s', 's.id', 'i.schoolId')
        .leftJoin('coaches as c', 'c.id', 'i.coachId')
        .select([
          'i.stageSubmissionId',
          'i.part',
          'i.schoolId',
          's.name as schoolName',
          'i.coachId',
          'c.name as coachName',
          'i.invitedAt',
        ])
        .where('i.traineeId', '=', traineeId)
        .orderBy('i.invitedAt', 'desc')
        .execute();
    },

    /**
     * Recomputes one school's rating summary from its published evaluations (never increments, so it
     * cannot drift); no published evaluation deletes the row. The 0010 triggers carry it into the search.
     */
    async refreshRating(db: Kysely<DB>, schoolId: string): Promise<void> {
      const agg = await db
        .selectFrom('evaluations')
        .select([
          sql<number>`count(*)::int`.as('n'),
          sql<number>`avg(overall_stars)::float8`.as('overall'),
          sql<number>`avg(teaching_stars)::float8`.as('teaching'),
          sql<number>`avg(attitude_stars)::float8`.as('attitude'),
          sql<number>`avg(car_stars)::float8`.as('car'),
          sql<number>`avg(environment_stars)::float8`.as('environment'),
        ])
        .where('schoolId', '=', schoolId)
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow();
      if (agg.n === 0) {
        await db.deleteFrom('schoolRatings').where('schoolId', '=', schoolId).execute();
        return;
      }
      const values = {
        evaluationCount: agg.n,
        overallAvg: agg.overall,
        teachingAvg: agg.teaching,
        attitudeAvg: agg.attitude,
        carAvg: agg.car,
        environmentAvg: agg.environment,
        updatedAt: sql<Date>`now()`,
      };
      await db
        .insertInto('schoolRatings')
        .values({ schoolId, ...values })
        .onConflict((oc) => oc.column('schoolId').doUpdateSet(values))
        .execute();
    },

    findRatings(db: Kysely<DB>, schoolIds: readonly string[]) {
      return db.selectFrom('schoolRatings').selectAll().where('schoolId', 'in', schoolIds).execute();
    },

    /** Complaints counted toward each school's public rate since `from`, and its active cars. */
    async complaintCounts(db: Kysely<DB>, schoolIds: readonly string[], from: Date) {
      return db
        .selectFrom('schools as s')
        .select([
          's.id as schoolId',
          (eb) =>
            eb
              .selectFrom('complaints as k')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('k.schoolId', '=', 's.id')
              .where('k.kind', '=', 'complaint')
              .where('k.createdAt', '>=', from)
              .where((w) => w.or([w('k.closeReason', 'is', null), w('k.closeReason', '!=', 'invalid')]))
              .as('complaintCount'),
          (eb) =>
            eb
              .selectFrom('vehicles as v')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('v.schoolId', '=', 's.id')
              .where('v.status', '=', 'active')
              .as('activeVehicleCount'),
        ])
        .where('s.id', 'in', schoolIds)
        .execute();
    },

    /**
     * Brings school_complaint_stats to the rolling 12-month count: for the schools given, or for every
     * school that has a row or a complaint. Only rows whose count changes are written, so the search
     * read model refreshes only those schools. Returns how many rows changed.
     */
    async refreshComplaintStats(db: Kysely<DB>, from: Date, schoolIds?: readonly string[]) {
      const only = schoolIds ? sql`AND s.id = ANY(${sql.val([...schoolIds])}::uuid[])` : sql``;
      const result = await sql`
        INSERT INTO school_complaint_stats (school_id, complaint_count, updated_at)
        SELECT s.id, (
          SELECT count(*)::int FROM complaints k
          WHERE k.school_id = s.id AND k.kind = 'complaint' AND k.created_at >= ${from}
            AND (k.close_reason IS NULL OR k.close_reason <> 'invalid')
        ), now()
        FROM schools s
        WHERE (EXISTS (SELECT 1 FROM complaints k WHERE k.school_id = s.id)
           OR EXISTS (SELECT 1 FROM school_complaint_stats cs WHERE cs.school_id = s.id)) ${only}
        ORDER BY s.id
        ON CONFLICT (school_id) DO UPDATE SET
          complaint_count = excluded.complaint_count, updated_at = excluded.updated_at
        WHERE school_complaint_stats.complaint_count IS DISTINCT FROM excluded.complaint_count
      `.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    async findCoach(db: Kysely<DB>, coachId: string) {
      return db.selectFrom('coaches').select(['id', 'schoolId']).where('id', '=', coachId).executeTakeFirst();
    },
    async findSchool(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('schools')
        .select(['id', 'countyCode', 'name'])
        .where('id', '=', schoolId)
        .executeTakeFirst();
    },
    async findCounty(db: Kysely<DB>, code: string) {
      return db
        .selectFrom('regions')
        .select('code')
        .where('code', '=', code)
        .where('level', '=', 'county')
        .executeTakeFirst();
    },
    async findTrainee(db: Kysely<DB>, traineeId: string) {
      return db
        .selectFrom('trainees')
        .select(['id', 'name', 'phone', 'schoolId'])
        .where('id', '=', traineeId)
        .executeTakeFirst();
    },

    findAttachmentsOf(db: Kysely<DB>, complaintIds: readonly string[]) {
      if (complaintIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('complaintAttachments')
        .select(['id', 'complaintId', 'contentType', 'sizeBytes', 'position'])
        .where('complaintId', 'in', complaintIds)
        .orderBy('position')
        .execute();
    },
    findAttachment(db: Kysely<DB>, complaintId: string, attachmentId: string) {
      return db
        .selectFrom('complaintAttachments')
        .select(['contentType', 'data'])
        .where('complaintId', '=', complaintId)
        .where('id', '=', attachmentId)
        .executeTakeFirst();
    },
  };
}
export type FeedbackRepository = ReturnType<typeof createFeedbackRepository>;
