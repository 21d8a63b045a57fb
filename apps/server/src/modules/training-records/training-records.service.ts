import {
  CoachLoginResult,
  engineRpm,
  parseCourseCode,
  toJson,
  TraineeLoginResult,
  type CoachLogin,
  type CoachLogout,
  type MinuteRecord,
  type PhotoData,
  type PhotoUploadInit,
  type TraineeLogin,
  type TraineeLogout,
} from '@jiapei/jt808';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { MetricsRegistry } from '../../shared/metrics.ts';
import { chinaDate, coachSuspensionOf } from '../supervision/index.ts';
import { signInTotals } from '../training-hours/index.ts';
import type { TrainingRecordsRepository } from './training-records.repository.ts';
import {
  coachLoginResult,
  impossibleMinuteRecord,
  minuteRecordTime,
  parseTerminalTime,
  traineeLoginResult,
} from './training-records.rules.ts';

/** The authenticated terminal a message came from (the gateway's session knows it). */
export type TerminalContext = {
  terminalId: string;
  terminalNumber: string;
  schoolId: string;
  vehicleId: string | null;
  vehicleClass: string | null;
};

/** What happened to one record: stored, already stored (a resend), quarantined or rejected. */
export type RecordOutcome =
  { outcome: 'stored' | 'duplicate' } | { outcome: 'quarantined' | 'rejected'; reason: string };

/** 8102/8202 results. */
const LogoutResult = { ok: 1, failed: 2 } as const;
/** 8305 results. */
const PhotoInitResult = { accept: 0, refuse: 255 } as const;

const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
const MAX_PHOTOS_IN_PROGRESS_PER_TERMINAL = 8;
const PHOTO_TIMEOUT_MS = 10 * 60_000;

type PhotoAssembly = {
  photoId: string;
  expectedBytes: number;
  chunks: Uint8Array[];
  seenSerials: Set<number>;
  bytes: number;
  startedAt: number;
};

/**
 * 驾培 training records from terminals (REFERENCE §1.8): coach and trainee sign-in/out, minute records,
 * photos. Every write is idempotent on a natural key (terminals resend until answered), and anything
 * that names an unknown trainee, coach or session, or cannot be true, goes to `quarantined_records`
 * with its reason — never silently dropped.
 */
export function createTrainingRecordsService(deps: {
  db: Kysely<DB>;
  records: TrainingRecordsRepository;
  clock: Clock;
  metrics: MetricsRegistry;
  options: { futureToleranceSeconds: number };
}) {
  const { db, records, clock, metrics, options } = deps;
  const photos = new Map<string, PhotoAssembly>();

  const m = {
    handled: metrics.counter('training_records_total', '驾培 messages handled, by kind and outcome'),
    rejected: metrics.counter('training_records_rejected_total', 'Records refused as impossible, by reason'),
  };

  const count = (kind: string, outcome: string) => m.handled.inc({ kind, outcome });

  async function quarantine(
    ctx: TerminalContext,
    kind: string,
    reason: string,
    naturalKey: string,
    payload: unknown,
  ): Promise<void> {
    await records.quarantine(db, {
      terminalId: ctx.terminalId,
      kind,
      reason,
      dedupeKey: `${kind}:${ctx.terminalId}:${naturalKey}`,
      payload: toJson(payload),
      receivedAt: clock.now(),
    });
  }

  const car = (ctx: TerminalContext) => ({ schoolId: ctx.schoolId, vehicleClass: ctx.vehicleClass });

  function sweepPhotos(terminalId: string): void {
    const now = clock.now().getTime();
    for (const [key, p] of photos) {
      if (now - p.startedAt > PHOTO_TIMEOUT_MS) {
        photos.delete(key);
        void records.markPhotoIncomplete(db, p.photoId, p.seenSerials.size);
        count('photo', 'incomplete');
      }
    }
    void terminalId;
  }

  return {
    /** 0x0101 → 0x8101. */
    async coachLogin(ctx: TerminalContext, body: CoachLogin) {
      const coachNo = body.coachNo.trim();
      const coach = await records.findCoachByNumber(db, coachNo);
      const result = coachLoginResult(coach, car(ctx), body.licenceClass);
      const signedInAt = parseTerminalTime(body.gnss.time) ?? clock.now();
      if (result !== CoachLoginResult.ok || !coach) {
        const reason = result === CoachLoginResult.classMismatch ? 'class_not_allowed' : 'unknown_coach';
        await quarantine(ctx, 'coach_login', reason, `${coachNo}:${signedInAt.toISOString()}`, body);
        count('coach_login', 'refused');
        return { result, coachId: null, message: '' };
      }
      // 重点监管 停止执教: a filed coach whose suspension is in effect is refused (9 其他错误) and told why.
      const suspension = await coachSuspensionOf(db, coach.id, chinaDate(clock.now()));
      if (suspension) {
        await quarantine(
          ctx,
          'coach_login',
          'coach_suspended',
          `${coachNo}:${signedInAt.toISOString()}`,
          body,
        );
        count('coach_login', 'refused');
        const until = suspension.untilDate ? `至${suspension.untilDate}` : '';
        return {
          result: CoachLoginResult.other,
          coachId: null,
          message: `教练员已被列入重点监管，停止执教${until}，不能登录`,
        };
      }
      const created = await records.insertCoachSignIn(db, {
        terminalId: ctx.terminalId,
        vehicleId: ctx.vehicleId,
        coachId: coach.id,
        licenceClass: body.licenceClass.trim() || (ctx.vehicleClass ?? ''),
        signedInAt,
        latitude: body.gnss.latitude,
        longitude: body.gnss.longitude,
        receivedAt: clock.now(),
      });
      count('coach_login', created ? 'stored' : 'duplicate');
      return { result, coachId: coach.id, message: '' };
    },

    /** 0x0102 → 0x8102. A logout before the login it closes is refused. */
    async coachLogout(ctx: TerminalContext, body: CoachLogout) {
      const coachNo = body.coachNo.trim();
      const at = parseTerminalTime(body.gnss.time) ?? clock.now();
      const key = `${coachNo}:${at.toISOString()}`;
      const coach = await records.findCoachByNumber(db, coachNo);
      const open = coach ? await records.findLatestCoachSignIn(db, ctx.terminalId, coach.id) : undefined;
      let reason: string | null = null;
      if (!coach) reason = 'unknown_coach';
      else if (!open) reason = 'unknown_session';
      else if (open.signedOutAt) {
        if (open.signedOutAt.getTime() === at.getTime()) {
          count('coach_logout', 'duplicate');
          return { result: LogoutResult.ok, coachId: coach.id };
        }
        reason = 'no_open_session';
      } else if (at < open.signedInAt) reason = 'logout_before_login';
      if (reason || !open || !coach) {
        await quarantine(ctx, 'coach_logout', reason ?? 'unknown_session', key, body);
        if (reason === 'logout_before_login') m.rejected.inc({ reason });
        count('coach_logout', reason === 'logout_before_login' ? 'rejected' : 'quarantined');
        return { result: LogoutResult.failed, coachId: null };
      }
      await records.closeCoachSignIn(db, open.id, at);
      count('coach_logout', 'stored');
      return { result: LogoutResult.ok, coachId: coach.id };
    },

    /** 0x0201 → 0x8201, with the trainee's credited totals from the teaching logs (zero when refused). */
    async traineeLogin(ctx: TerminalContext, body: TraineeLogin) {
      const traineeNo = body.traineeNo.trim();
      const trainee = await records.findTraineeByNumber(db, traineeNo);
      let result = traineeLoginResult(trainee, car(ctx), body.courseCode);
      const coach = await records.findCoachByNumber(db, body.coachNo.trim());
      if (result === TraineeLoginResult.ok && (!coach || coach.schoolId !== ctx.schoolId)) {
        result = TraineeLoginResult.other;
      }
      const signedInAt = parseTerminalTime(body.gnss.time) ?? clock.now();
      const reply = {
        result,
        traineeId: null as string | null,
        coachId: null as string | null,
        totals: null as Awaited<ReturnType<typeof signInTotals>> | null,
      };
      if (result !== TraineeLoginResult.ok || !trainee || !coach) {
        const reasons: Record<number, string> = {
          [TraineeLoginResult.unknownTrainee]: 'unknown_trainee',
          [TraineeLoginResult.traineeBanned]: 'trainee_forbidden',
          [TraineeLoginResult.classMismatch]: 'class_mismatch',
          [TraineeLoginResult.other]: 'unknown_coach',
        };
        await quarantine(
          ctx,
          'trainee_login',
          reasons[result] ?? 'refused',
          `${traineeNo}:${body.classId}`,
          body,
        );
        count('trainee_login', 'refused');
        return reply;
      }
      const created = await records.insertTraineeSignIn(db, {
        terminalId: ctx.terminalId,
        vehicleId: ctx.vehicleId,
        traineeId: trainee.id,
        coachId: coach.id,
        classroomId: body.classId,
        courseCode: body.courseCode,
        signedInAt,
        latitude: body.gnss.latitude,
        longitude: body.gnss.longitude,
        receivedAt: clock.now(),
      });
      count('trainee_login', created ? 'stored' : 'duplicate');
      // The engine's sums; the part is the one this session trains (the course code was checked above).
      const part = parseCourseCode(body.courseCode)?.part ?? 0;
      const totals = await signInTotals(db, trainee.id, part);
      return { result, traineeId: trainee.id, coachId: coach.id, totals };
    },

    /** 0x0202 → 0x8202. */
    async traineeLogout(ctx: TerminalContext, body: TraineeLogout) {
      const traineeNo = body.traineeNo.trim();
      const key = `${traineeNo}:${body.classId}`;
      const trainee = await records.findTraineeByNumber(db, traineeNo);
      const session = trainee
        ? await records.findTraineeSignIn(db, ctx.terminalId, body.classId, trainee.id)
        : undefined;
      const at = parseTerminalTime(body.logoutTime) ?? parseTerminalTime(body.gnss.time) ?? clock.now();
      let reason: string | null = null;
      if (!trainee) reason = 'unknown_trainee';
      else if (!session) reason = 'unknown_session';
      else if (session.signedOutAt) {
        if (session.signedOutAt.getTime() === at.getTime()) {
          count('trainee_logout', 'duplicate');
          return { result: LogoutResult.ok };
        }
        reason = 'already_signed_out';
      } else if (at < session.signedInAt) reason = 'logout_before_login';
      if (reason || !session) {
        await quarantine(
          ctx,
          'trainee_logout',
          reason ?? 'unknown_session',
          `${key}:${at.toISOString()}`,
          body,
        );
        if (reason === 'logout_before_login') m.rejected.inc({ reason });
        count('trainee_logout', reason === 'logout_before_login' ? 'rejected' : 'quarantined');
        return { result: LogoutResult.failed };
      }
      await records.closeTraineeSignIn(db, session.id, at, {
        minutes: body.loginMinutes,
        mileageDecikm: Math.round(body.loginMileageKm * 10),
      });
      count('trainee_logout', 'stored');
      return { result: LogoutResult.ok };
    },

    /**
     * 0x0203, one per training minute, idempotent on its 26-character record number. Impossible values
     * are rejected (and kept in quarantine with the reason); unknown trainee, coach or session are
     * quarantined and acknowledged, so the terminal stops resending and a person can resolve them.
     */
    async minuteRecord(
      ctx: TerminalContext,
      body: MinuteRecord,
      meta: { resend: boolean },
    ): Promise<RecordOutcome> {
      const recordNo = body.recordNo.trim();
      const impossible = impossibleMinuteRecord(
        body,
        ctx.terminalNumber,
        clock.now(),
        options.futureToleranceSeconds,
      );
      if (impossible) {
        await quarantine(ctx, 'minute_record', impossible, recordNo, body);
        m.rejected.inc({ reason: impossible });
        count('minute_record', 'rejected');
        return { outcome: 'rejected', reason: impossible };
      }
      const trainee = await records.findTraineeByNumber(db, body.traineeNo.trim());
      const coach = await records.findCoachByNumber(db, body.coachNo.trim());
      const session = trainee
        ? await records.findTraineeSignIn(db, ctx.terminalId, body.classId, trainee.id)
        : undefined;
      const reason = !trainee
        ? 'unknown_trainee'
        : !coach
          ? 'unknown_coach'
          : !session
            ? 'unknown_session'
            : null;
      if (reason || !trainee || !coach) {
        await quarantine(ctx, 'minute_record', reason ?? 'unknown_session', recordNo, body);
        count('minute_record', 'quarantined');
        return { outcome: 'quarantined', reason: reason ?? 'unknown_session' };
      }
      const created = await records.insertMinuteRecord(db, {
        recordNumber: recordNo,
        terminalId: ctx.terminalId,
        vehicleId: ctx.vehicleId,
        traineeId: trainee.id,
        coachId: coach.id,
        classroomId: body.classId,
        recordedAt: minuteRecordTime(recordNo, body.recordTime)!,
        courseCode: body.courseCode,
        recordStatus: body.recordStatus,
        maxSpeedDecikmh: Math.round(body.maxSpeedKmh * 10),
        mileageDecikm: Math.round(body.mileageKm * 10),
        latitude: body.gnss.latitude,
        longitude: body.gnss.longitude,
        gnssSpeedKmh: body.gnss.speed,
        reportType: body.reportType,
        blind: meta.resend,
        engineRpm: engineRpm(body.gnss.extras) ?? null,
        recorderSpeedDecikmh: Math.round(body.gnss.recorderSpeed * 10),
        receivedAt: clock.now(),
      });
      count('minute_record', created ? 'stored' : 'duplicate');
      return { outcome: created ? 'stored' : 'duplicate' };
    },

    /** 0x0305 → 0x8305: stores the metadata and opens an assembly for the data packets. */
    async photoInit(ctx: TerminalContext, body: PhotoUploadInit): Promise<{ result: number }> {
      sweepPhotos(ctx.terminalId);
      const photoNo = body.photoNo.trim();
      const key = `${ctx.terminalId}:${photoNo}`;
      const inProgress = [...photos.keys()].filter((k) => k.startsWith(`${ctx.terminalId}:`)).length;
      if (
        body.photoBytes > MAX_PHOTO_BYTES ||
        (!photos.has(key) && inProgress >= MAX_PHOTOS_IN_PROGRESS_PER_TERMINAL)
      ) {
        count('photo_init', 'refused');
        return { result: PhotoInitResult.refuse };
      }
      const row = await records.insertPhoto(db, {
        terminalId: ctx.terminalId,
        photoNumber: photoNo,
        personNumber: body.personNo.trim(),
        uploadMode: body.uploadMode,
        channel: body.channel,
        sizeCode: body.size,
        eventType: body.eventType,
        classroomId: body.classId,
        takenAt: parseTerminalTime(body.gnss.time),
        latitude: body.gnss.latitude,
        longitude: body.gnss.longitude,
        faceConfidence: body.faceConfidence ?? null,
        byteSize: body.photoBytes,
        packetsTotal: body.totalPackets,
        receivedAt: clock.now(),
      });
      if (row.status !== 'complete' && !photos.has(key)) {
        photos.set(key, {
          photoId: row.id,
          expectedBytes: body.photoBytes,
          chunks: [],
          seenSerials: new Set(),
          bytes: 0,
          startedAt: clock.now().getTime(),
        });
      }
      count('photo_init', row.status === 'complete' ? 'duplicate' : 'stored');
      return { result: PhotoInitResult.accept };
    },

    /**
     * 0x0306: one packet of photo data (or, when the terminal used JT/T 808 sub-packets, the whole
     * photo). Packets are told apart by their 驾培包序号, so a resent packet is not appended twice; the
     * photo is stored when the bytes announced in 0x0305 have arrived.
     */
    async photoData(ctx: TerminalContext, body: PhotoData, meta: { serial: number }): Promise<RecordOutcome> {
      const photoNo = body.photoNo.trim();
      const key = `${ctx.terminalId}:${photoNo}`;
      const p = photos.get(key);
      if (!p) {
        const stored = await records.findPhoto(db, ctx.terminalId, photoNo);
        if (stored?.status === 'complete') {
          count('photo_data', 'duplicate');
          return { outcome: 'duplicate' };
        }
        await quarantine(ctx, 'photo_data', 'unknown_photo', `${photoNo}:${meta.serial}`, body);
        count('photo_data', 'quarantined');
        return { outcome: 'quarantined', reason: 'unknown_photo' };
      }
      if (p.seenSerials.has(meta.serial)) {
        count('photo_data', 'duplicate');
        return { outcome: 'duplicate' };
      }
      p.seenSerials.add(meta.serial);
      p.chunks.push(body.data);
      p.bytes += body.data.length;
      if (p.bytes < p.expectedBytes) {
        count('photo_data', 'stored');
        return { outcome: 'stored' };
      }
      photos.delete(key);
      const data = new Uint8Array(p.bytes);
      let at = 0;
      for (const c of p.chunks) {
        data.set(c, at);
        at += c.length;
      }
      await records.completePhoto(db, p.photoId, data, p.seenSerials.size, clock.now());
      count('photo', 'complete');
      return { outcome: 'stored' };
    },

    /** Row counts of one terminal (tests, diagnostics). */
    countsFor: (terminalId: string) => records.countForTerminal(db, terminalId),
  };
}

export type TrainingRecordsService = ReturnType<typeof createTrainingRecordsService>;
