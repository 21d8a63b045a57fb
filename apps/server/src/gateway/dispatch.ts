import {
  ExtMsgId,
  GeneralResult,
  isExtended,
  isMessage,
  MsgId,
  RegisterResult,
  type DecodedMessage,
  type ExtendedMessage,
  type Header,
  type LocationReport,
} from '@jiapei/jt808';
import type {
  PositionInput,
  SignaturePolicy,
  TelemetryService,
  TerminalLinkService,
} from '../modules/telemetry/index.ts';
import { answerKind, type TerminalCommandsService } from '../modules/terminal-commands/index.ts';
import type { TerminalContext, TrainingRecordsService } from '../modules/training-records/index.ts';
import { parseTerminalTime } from '../modules/training-records/index.ts';
import type { Clock } from '../shared/clock.ts';
import { hexId, type GatewayLog, type GatewayMetrics } from './gateway-metrics.ts';
import type { SessionRegistry } from './session-registry.ts';
import type { MessageHandler, TerminalSession } from './terminal-session.ts';

export type DispatchDeps = {
  telemetry: TelemetryService;
  link: TerminalLinkService;
  training: TrainingRecordsService;
  commands: TerminalCommandsService;
  registry: SessionRegistry<TerminalSession>;
  metrics: GatewayMetrics;
  clock: Clock;
  log: GatewayLog;
  signaturePolicy: SignaturePolicy;
  platformNo: string;
};

/** smallint range of positions.altitude. */
const clampInt16 = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v)));

/** A 0x0200 body (or 0x0704 item) as a stored fix. A fix without a valid time is stamped on arrival. */
function toPosition(report: LocationReport, blind: boolean, now: Date): PositionInput {
  const altitudeItem = report.extras['0x03'];
  const altitude =
    report.altitude ?? (altitudeItem && typeof altitudeItem.value === 'number' ? altitudeItem.value : 0);
  return {
    fixTime: parseTerminalTime(report.time) ?? now,
    latitude: report.latitude,
    longitude: report.longitude,
    altitude: clampInt16(altitude),
    speedKmh: report.speed,
    direction: report.direction,
    alarm: report.alarm,
    statusBits: report.status,
    blind,
    recorderSpeedDecikmh: recorderSpeedOf(report),
  };
}

/**
 * 行驶记录速度 in 0.1 km/h: the 驾培 basic block's own field, or JT/T 808-2013 additional item 0x03
 * (表27, WORD in 0.1 km/h). Null when the terminal did not report it.
 */
function recorderSpeedOf(report: LocationReport): number | null {
  if (report.layout === 'jiapei') {
    return typeof report.recorderSpeed === 'number' ? Math.round(report.recorderSpeed * 10) : null;
  }
  const item = report.extras['0x03'];
  return item && typeof item.value === 'number' ? item.value : null;
}

/** Which answers close a command successfully (REFERENCE §1.8). */
function answerOk(id: number, result: number): boolean {
  if (id === ExtMsgId.requestRecordsReply) return result === 1 || result === 3 || result === 4;
  return result === 1;
}

/**
 * Message id → handler (ARCHITECTURE B4). Handlers translate between frames and module calls and turn
 * the outcome into the answer the standard prescribes; the rules live in the modules.
 */
export function createDispatch(deps: DispatchDeps): MessageHandler {
  const { telemetry, link, training, commands, registry, metrics, clock, log } = deps;

  function contextOf(session: TerminalSession): TerminalContext {
    const t = session.terminal!;
    return {
      terminalId: t.id,
      terminalNumber: t.terminalNumber.trim(),
      schoolId: t.schoolId,
      vehicleId: t.vehicleId,
      vehicleClass: t.vehicleClass,
    };
  }

  function queuePositions(session: TerminalSession, reports: LocationReport[], blind: boolean) {
    const terminalId = session.terminal!.id;
    const now = clock.now();
    for (const r of reports) telemetry.recordPosition(terminalId, toPosition(r, blind, now));
    if (telemetry.saturated) session.backpressure((fn) => telemetry.whenRelieved(fn));
  }

  async function register(session: TerminalSession, message: DecodedMessage<typeof MsgId.terminalRegister>) {
    const { header, body } = message;
    const outcome = await link.register(header.phone, body);
    metrics.registrations.inc({ result: String(outcome.result) });
    const reply =
      outcome.result === RegisterResult.ok
        ? body.layout === 'jiapei' || header.version === 'jiapei'
          ? {
              replySerial: header.serial,
              result: outcome.result,
              platformNo: deps.platformNo,
              institutionNo: outcome.institutionNo,
              terminalNo: outcome.terminal.terminalNumber.trim(),
              certPassword: '',
              certificate: '',
              layout: 'jiapei' as const,
            }
          : {
              replySerial: header.serial,
              result: outcome.result,
              authCode: outcome.authCode,
              layout: 'jt808' as const,
            }
        : { replySerial: header.serial, result: outcome.result };
    if (outcome.result !== RegisterResult.ok) {
      log.info(
        { phone: header.phone, result: outcome.result, reason: outcome.reason },
        'registration refused',
      );
    }
    session.send((h) => ({ header: { msgId: MsgId.terminalRegisterReply, ...h }, body: reply }));
  }

  async function authenticate(
    session: TerminalSession,
    message: DecodedMessage<typeof MsgId.terminalAuthentication>,
  ) {
    const { header, body } = message;
    const outcome = await link.authenticate(header.phone, body);
    if (outcome.verification && outcome.verification !== 'not_applicable') {
      metrics.signatures.inc({ kind: 'authentication', status: outcome.verification });
    }
    if (!outcome.ok) {
      metrics.authentications.inc({ result: 'refused', reason: outcome.reason });
      session.reply(header, GeneralResult.failure);
      return;
    }
    const { terminal } = outcome;
    const verifier = link.verifierFor(terminal);
    session.authenticated(
      terminal,
      deps.signaturePolicy === 'off'
        ? undefined
        : {
            signature: {
              policy: deps.signaturePolicy,
              terminalNo: terminal.terminalNumber.trim(),
              ...(verifier ? { verifier } : {}),
            },
          },
    );
    registry.bind(terminal.id, session);
    await telemetry.connected(terminal.id, session.remoteAddress);
    metrics.authentications.inc({ result: 'ok', reason: 'ok' });
    session.reply(header, GeneralResult.ok);
    // Commands that waited while the terminal was away go out now.
    await commands.deliverQueued(terminal.id);
  }

  async function extended(
    session: TerminalSession,
    header: Header,
    message: ExtendedMessage,
    signature?: string,
  ) {
    metrics.extended.inc({ id: hexId(message.id) });
    if (signature) metrics.signatures.inc({ kind: 'extended', status: signature });
    const ctx = contextOf(session);
    if (message.terminalNo.trim() !== ctx.terminalNumber) {
      metrics.badInput.inc({ reason: 'terminal_no_mismatch' });
      session.reply(header, GeneralResult.messageError);
      return;
    }
    const echo = { resend: message.resend };
    if (isExtended(message, ExtMsgId.coachLogin)) {
      const r = await training.coachLogin(ctx, message.data);
      if (r.coachId) telemetry.setSession(ctx.terminalId, { coachId: r.coachId });
      session.sendExtended(
        {
          id: ExtMsgId.coachLoginReply,
          // A refusal with a reason (e.g. a suspended coach) is read aloud to the coach.
          data: {
            result: r.result,
            coachNo: message.data.coachNo,
            readAloud: r.message ? 1 : 0,
            message: r.message,
          },
        },
        echo,
      );
      return;
    }
    if (isExtended(message, ExtMsgId.coachLogout)) {
      const r = await training.coachLogout(ctx, message.data);
      if (r.coachId) {
        telemetry.setSession(ctx.terminalId, { coachId: null, traineeId: null, classroomId: null });
      }
      session.sendExtended(
        { id: ExtMsgId.coachLogoutReply, data: { result: r.result, coachNo: message.data.coachNo } },
        echo,
      );
      return;
    }
    if (isExtended(message, ExtMsgId.traineeLogin)) {
      const r = await training.traineeLogin(ctx, message.data);
      if (r.traineeId) {
        telemetry.setSession(ctx.terminalId, {
          traineeId: r.traineeId,
          coachId: r.coachId,
          classroomId: message.data.classId,
        });
      }
      // The fields are u16 (minutes, 1/10 km): saturate rather than wrap for a trainee past the range.
      const totals = r.totals ?? { totalMinutes: 0, partMinutes: 0, totalMileageM: 0, partMileageM: 0 };
      const minutes = (n: number) => Math.min(n, 0xffff);
      const km = (m: number) => Math.min(Math.round(m / 100), 0xffff) / 10;
      session.sendExtended(
        {
          id: ExtMsgId.traineeLoginReply,
          data: {
            result: r.result,
            traineeNo: message.data.traineeNo,
            totalMinutes: minutes(totals.totalMinutes),
            partDoneMinutes: minutes(totals.partMinutes),
            totalMileageKm: km(totals.totalMileageM),
            partDoneMileageKm: km(totals.partMileageM),
            readAloud: 0,
            message: '',
          },
        },
        echo,
      );
      return;
    }
    if (isExtended(message, ExtMsgId.traineeLogout)) {
      const r = await training.traineeLogout(ctx, message.data);
      if (r.result === 1) telemetry.setSession(ctx.terminalId, { traineeId: null, classroomId: null });
      session.sendExtended(
        { id: ExtMsgId.traineeLogoutReply, data: { result: r.result, traineeNo: message.data.traineeNo } },
        echo,
      );
      return;
    }
    if (isExtended(message, ExtMsgId.minuteRecord)) {
      const r = await training.minuteRecord(ctx, message.data, { resend: message.resend });
      // Quarantined records are kept, so they are acknowledged; impossible ones are a message error.
      session.reply(header, r.outcome === 'rejected' ? GeneralResult.messageError : GeneralResult.ok);
      return;
    }
    if (isExtended(message, ExtMsgId.photoUploadInit)) {
      const r = await training.photoInit(ctx, message.data);
      session.sendExtended({ id: ExtMsgId.photoUploadInitReply, data: { result: r.result } }, echo);
      return;
    }
    if (isExtended(message, ExtMsgId.photoData)) {
      await training.photoData(ctx, message.data, { serial: message.serial });
      session.reply(header, GeneralResult.ok);
      return;
    }
    const kind = answerKind[message.id];
    if (kind) {
      const data = message.data as unknown as Record<string, unknown>;
      const result = typeof data.result === 'number' ? data.result : -1;
      await commands.recordAnswer(
        ctx.terminalId,
        kind,
        { ...data, id: hexId(message.id) },
        answerOk(message.id, result),
      );
      session.reply(header, GeneralResult.ok);
      return;
    }
    session.reply(header, GeneralResult.unsupported);
  }

  return (session, message) => {
    const { header } = message;
    if (session.terminal) telemetry.seen(session.terminal.id);
    if (isMessage(message, MsgId.locationReport)) {
      queuePositions(session, [message.body], false);
      session.reply(header, GeneralResult.ok);
      return;
    }
    if (isMessage(message, MsgId.locationBatch)) {
      // 位置数据类型 1 = 盲区补报 (blind-area resend).
      queuePositions(session, message.body.items, message.body.type === 1);
      session.reply(header, GeneralResult.ok);
      return;
    }
    if (isMessage(message, MsgId.heartbeat) || isMessage(message, MsgId.terminalLogout)) {
      session.reply(header, GeneralResult.ok);
      return;
    }
    if (isMessage(message, MsgId.terminalGeneralReply)) return; // answers our downlink; nothing to say
    if (isMessage(message, MsgId.terminalRegister)) return register(session, message);
    if (isMessage(message, MsgId.terminalAuthentication)) return authenticate(session, message);
    if (isMessage(message, MsgId.uplinkTransparent)) {
      if (!message.body.message) {
        session.reply(header, GeneralResult.unsupported);
        return;
      }
      return extended(session, header, message.body.message, message.verification?.status);
    }
    session.reply(header, GeneralResult.unsupported);
  };
}
