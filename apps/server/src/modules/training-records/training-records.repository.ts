import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export type MinuteRecordRow = {
  recordNumber: string;
  terminalId: string;
  vehicleId: string | null;
  traineeId: string;
  coachId: string;
  classroomId: number;
  recordedAt: Date;
  courseCode: string;
  recordStatus: number;
  maxSpeedDecikmh: number;
  mileageDecikm: number;
  latitude: number | null;
  longitude: number | null;
  gnssSpeedKmh: number | null;
  reportType: number;
  blind: boolean;
  /** From the 附加GNSS数据包; read by the automatic audit (RULES §2 rules 3 and 4). */
  engineRpm?: number | null;
  recorderSpeedDecikmh?: number | null;
};

export type PhotoRow = {
  terminalId: string;
  photoNumber: string;
  personNumber: string;
  uploadMode: number;
  channel: number;
  sizeCode: number;
  eventType: number;
  classroomId: number;
  takenAt: Date | null;
  latitude: number | null;
  longitude: number | null;
  faceConfidence: number | null;
  byteSize: number;
  packetsTotal: number;
};

/** The only file touching sign-ins, minute records, photos and the quarantine. */
export function createTrainingRecordsRepository() {
  return {
    findCoachByNumber: (db: Kysely<DB>, coachNumber: string) =>
      db
        .selectFrom('coaches')
        .select(['id', 'schoolId', 'status', 'licenceClasses'])
        .where('coachNumber', '=', coachNumber)
        .executeTakeFirst(),

    findTraineeByNumber: (db: Kysely<DB>, traineeNumber: string) =>
      db
        .selectFrom('trainees')
        .select(['id', 'schoolId', 'status', 'licenceClass'])
        .where('traineeNumber', '=', traineeNumber)
        .executeTakeFirst(),

    /** Inserts a coach sign-in; a resend (same terminal, coach and time) is a no-op. True when new. */
    async insertCoachSignIn(
      db: Kysely<DB>,
      row: {
        terminalId: string;
        vehicleId: string | null;
        coachId: string;
        licenceClass: string;
        signedInAt: Date;
        latitude: number;
        longitude: number;
        receivedAt: Date;
      },
    ): Promise<boolean> {
      const r = await db
        .insertInto('coachSignIns')
        .values(row)
        .onConflict((oc) => oc.columns(['terminalId', 'coachId', 'signedInAt']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    findLatestCoachSignIn: (db: Kysely<DB>, terminalId: string, coachId: string) =>
      db
        .selectFrom('coachSignIns')
        .select(['id', 'signedInAt', 'signedOutAt'])
        .where('terminalId', '=', terminalId)
        .where('coachId', '=', coachId)
        .orderBy('signedInAt', 'desc')
        .limit(1)
        .executeTakeFirst(),

    closeCoachSignIn: (db: Kysely<DB>, id: string, at: Date) =>
      db.updateTable('coachSignIns').set({ signedOutAt: at }).where('id', '=', id).execute(),

    async insertTraineeSignIn(
      db: Kysely<DB>,
      row: {
        terminalId: string;
        vehicleId: string | null;
        traineeId: string;
        coachId: string;
        classroomId: number;
        courseCode: string;
        signedInAt: Date;
        latitude: number;
        longitude: number;
        receivedAt: Date;
      },
    ): Promise<boolean> {
      const r = await db
        .insertInto('traineeSignIns')
        .values(row)
        .onConflict((oc) => oc.columns(['terminalId', 'classroomId', 'traineeId']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    findTraineeSignIn: (db: Kysely<DB>, terminalId: string, classroomId: number, traineeId: string) =>
      db
        .selectFrom('traineeSignIns')
        .select(['id', 'coachId', 'signedInAt', 'signedOutAt'])
        .where('terminalId', '=', terminalId)
        .where('classroomId', '=', classroomId)
        .where('traineeId', '=', traineeId)
        .executeTakeFirst(),

    closeTraineeSignIn: (
      db: Kysely<DB>,
      id: string,
      at: Date,
      reported: { minutes: number; mileageDecikm: number },
    ) =>
      db
        .updateTable('traineeSignIns')
        .set({
          signedOutAt: at,
          reportedMinutes: reported.minutes,
          reportedMileageDecikm: reported.mileageDecikm,
        })
        .where('id', '=', id)
        .execute(),

    /** Keyed by the 26-character record number: a resend inserts nothing. True when new. */
    async insertMinuteRecord(db: Kysely<DB>, row: MinuteRecordRow & { receivedAt: Date }): Promise<boolean> {
      const r = await db
        .insertInto('minuteRecords')
        .values(row)
        .onConflict((oc) => oc.column('recordNumber').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Keyed by a dedupe key: a resend of the same refused record lands once. True when new. */
    async quarantine(
      db: Kysely<DB>,
      row: {
        terminalId: string | null;
        kind: string;
        reason: string;
        dedupeKey: string;
        payload: string;
        receivedAt: Date;
      },
    ): Promise<boolean> {
      const r = await db
        .insertInto('quarantinedRecords')
        .values(row)
        .onConflict((oc) => oc.column('dedupeKey').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Photo metadata from 0x0305; an init resent for the same photo keeps the first row. */
    async insertPhoto(db: Kysely<DB>, row: PhotoRow & { receivedAt: Date }) {
      await db
        .insertInto('photos')
        .values(row)
        .onConflict((oc) => oc.columns(['terminalId', 'photoNumber']).doNothing())
        .execute();
      return db
        .selectFrom('photos')
        .select(['id', 'status'])
        .where('terminalId', '=', row.terminalId)
        .where('photoNumber', '=', row.photoNumber)
        .executeTakeFirstOrThrow();
    },

    findPhoto: (db: Kysely<DB>, terminalId: string, photoNumber: string) =>
      db
        .selectFrom('photos')
        .select(['id', 'status', 'byteSize', 'packetsTotal'])
        .where('terminalId', '=', terminalId)
        .where('photoNumber', '=', photoNumber)
        .executeTakeFirst(),

    completePhoto: (db: Kysely<DB>, id: string, data: Uint8Array, packets: number, at: Date) =>
      db
        .updateTable('photos')
        .set({ data: Buffer.from(data), packetsReceived: packets, status: 'complete', completedAt: at })
        .where('id', '=', id)
        .where('status', '<>', 'complete')
        .execute(),

    markPhotoIncomplete: (db: Kysely<DB>, id: string, packets: number) =>
      db
        .updateTable('photos')
        .set({ status: 'incomplete', packetsReceived: packets })
        .where('id', '=', id)
        .where('status', '=', 'receiving')
        .execute(),

    /** Counts for tests and reports: rows of one terminal. */
    countForTerminal: async (db: Kysely<DB>, terminalId: string) => {
      const r = await sql<{
        minutes: number;
        coach: number;
        trainee: number;
        photos: number;
        quarantined: number;
      }>`
        SELECT
          (SELECT count(*)::int FROM minute_records WHERE terminal_id = ${terminalId}) AS minutes,
          (SELECT count(*)::int FROM coach_sign_ins WHERE terminal_id = ${terminalId}) AS coach,
          (SELECT count(*)::int FROM trainee_sign_ins WHERE terminal_id = ${terminalId}) AS trainee,
          (SELECT count(*)::int FROM photos WHERE terminal_id = ${terminalId}) AS photos,
          (SELECT count(*)::int FROM quarantined_records WHERE terminal_id = ${terminalId}) AS quarantined
      `.execute(db);
      return r.rows[0]!;
    },
  };
}

export type TrainingRecordsRepository = ReturnType<typeof createTrainingRecordsRepository>;
