import { createPrivateKey, type KeyObject } from 'node:crypto';
import net from 'node:net';
import {
  authenticationPayload,
  createFrameSplitter,
  decode,
  encode,
  encodeMultiPacket,
  signExtendedMessage,
  type AppParams,
  type BodyMap,
  type CodecOptions,
  type DecodedMessage,
  type EncodeInput,
  type ExtendedBodyMap,
  type ExtendedMessage,
  type ExtendedMessageId,
  type FrameSplitter,
  type HeaderVariant,
  type JiapeiGnss,
  type JiapeiGnss38,
  type LocationReport,
  type MessageId,
  type MinuteRecord,
  type Signer,
  type TerminalAuthentication,
  type TerminalRegisterReply,
  type TransparentData,
} from '@jiapei/jt808';
import { createRsaSigner } from '@jiapei/jt808/node-crypto';
import type { FleetCar } from './fleet-file.ts';
import { MALFORMED_CLASSES, malformedWrite, type MalformedClass } from './malformed.ts';
import { photoJpeg, photoPackets } from './photo.ts';
import type { CarProfile, ProfileSettings } from './profiles.ts';
import type { Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import { CarDriver, PhotoEvent, type MinuteFigures, type SessionOptions } from './session.ts';
import { bump, createStats, idKey, type SimStats } from './stats.ts';
import { clockCst, isoCst, parseTerminalTime, yymmddCst } from './time.ts';
import type { Fix, Track } from './track.ts';

/** 0x0305 发起图片的事件类型 used by the simulator (REFERENCE §1.8). */

export type SimTerminalOptions = {
  car: FleetCar;
  scheduler: Scheduler;
  host?: string;
  port?: number;
  /** Source address of the connection (127.0.0.x rotation against ephemeral-port exhaustion). */
  localAddress?: string;
  seed?: number | string;
  profile?: CarProfile;
  settings?: Partial<ProfileSettings>;
  /** Shared counters (a fleet passes one object to every car). */
  stats?: SimStats;
  /** 0x0200 period while driving, simulated seconds. Default 10. */
  positionIntervalSec?: number;
  /** 0x0200 period while parked, simulated seconds. Default 120. */
  parkedPositionIntervalSec?: number;
  /** 0x0002 after this much silence, simulated seconds. Default 60. */
  heartbeatIntervalSec?: number;
  /** A 0x0203 without 0x8001 after this long is sent again, simulated seconds. Default 30. */
  ackTimeoutSec?: number;
  /** How long to wait for 0x8100 / 0x8101 / 0x8201 / 0x8305…, simulated seconds. Default 30. */
  replyTimeoutSec?: number;
  /**
   * Floor in real milliseconds for reply and ack timeouts, so that a high speedup does not turn a
   * normal round trip into a timeout. Default 1000.
   */
  minRealTimeoutMs?: number;
  maxResends?: number;
  /** Session length range in minutes. Default [30, 90]. */
  sessionMinutes?: [number, number];
  /** Pause between sessions in minutes. Default [2, 10]. */
  breakMinutes?: [number, number];
  /** Observe every byte chunk written (`up`) and every frame received (`down`). */
  tap?: (direction: 'up' | 'down', bytes: Uint8Array) => void;
};

export type { SessionOptions };

export type SessionSummary = {
  classId: number;
  traineeNo: string;
  coachNo: string;
  courseCode: string;
  /** Simulated time of the coach login and the coach logout. */
  start: number;
  end: number;
  recordNos: string[];
  /** Sum of the minute records' mileage, km. */
  mileageKm: number;
  photos: number;
  /** Why the session ended early, if it did. */
  aborted?: string;
};

type Pending = {
  key: string;
  sentSim: number;
  sentReal: number;
  /** `resend`: sent again on timeout (0x0203); `ack`: only counted when it times out. */
  kind: 'ack' | 'resend';
  body?: TransparentData;
  attempts: number;
};

type Waiter = { match: (m: DecodedMessage) => unknown; resolve: (v: unknown) => void; timer: NodeJS.Timeout };

type RecordEntry = { deviceTime: number; record: MinuteRecord };

const HIGH_WATER_BYTES = 256 * 1024;
const MAX_BLIND_POSITIONS = 2000;
const BLIND_BATCH = 40;
const KEEP_RECORDS = 120;
const KEEP_MULTI = 16;

/** One codec options object per header layout (the codec caches by identity). */
const CODEC: Record<HeaderVariant, CodecOptions> = {
  '2013': { header: '2013' },
  '2019': { header: '2019' },
  jiapei: { header: 'jiapei' },
};

const keyCache = new Map<string, KeyObject>();
function signerFor(pem: string | undefined): Signer | null {
  if (!pem) return null;
  let key = keyCache.get(pem);
  if (!key) {
    key = createPrivateKey(pem);
    keyCache.set(pem, key);
  }
  return createRsaSigner(key);
}

/**
 * One virtual timing terminal over a real TCP connection. Drive it step by step (connect, register,
 * authenticate, sendPosition, runSession, sendRaw) or let {@link SimTerminal.run} live a terminal's
 * day: connect, register once, authenticate, then sessions with breaks, reconnecting when the link
 * drops. All timestamps are simulated (the scheduler's clock, shifted by the device clock drift).
 */
export class SimTerminal {
  readonly car: FleetCar;
  readonly profile: CarProfile;
  readonly stats: SimStats;
  /** Route, profile and session plans: the same code the in-memory recorder runs (session.ts). */
  readonly driver: CarDriver;
  private readonly scheduler: Scheduler;
  private readonly opts: Required<
    Pick<
      SimTerminalOptions,
      | 'positionIntervalSec'
      | 'parkedPositionIntervalSec'
      | 'heartbeatIntervalSec'
      | 'ackTimeoutSec'
      | 'replyTimeoutSec'
      | 'minRealTimeoutMs'
      | 'maxResends'
      | 'sessionMinutes'
      | 'breakMinutes'
    >
  > &
    SimTerminalOptions;
  private readonly settings: ProfileSettings;
  private readonly rng: Rng;
  private readonly codec: CodecOptions;
  private readonly version: HeaderVariant;
  private readonly signer: Signer | null;

  private socket: net.Socket | null = null;
  private splitter: FrameSplitter = createFrameSplitter();
  private serial = 0;
  private extSerial = 0;
  private waiters = new Set<Waiter>();
  private pending = new Map<number, Pending>();
  private multi = new Map<number, Uint8Array[]>();
  private holdQueue: Uint8Array[] | null = null;
  private lastSentSim = -Infinity;
  private framesSinceMalformed = 0;
  private malformedNext: number;

  /** 计时终端编号 in use (from 0x8100 when the platform sends one). */
  terminalNo: string;
  /** 鉴权码 from 0x8100 (JT/T 808 layouts). */
  authCode: string | undefined;
  connected = false;
  authenticated = false;
  banned = false;
  appParams: AppParams = {
    photoIntervalMin: 15,
    photoUpload: 1,
    readAloud: 2,
    stopDelayMin: 5,
    gnssIntervalSec: 3600,
    coachLogoutDelayMin: 150,
    reverifyMin: 30,
    coachCrossSchool: 2,
    traineeCrossSchool: 2,
    sameMessageIntervalSec: 0,
  };
  private stopped = false;
  private recordDay = '';
  private recordSeq = 0;
  private photoDay = '';
  private photoSeq = 0;
  private records: RecordEntry[] = [];
  private blindPositions: LocationReport[] = [];
  private blindRecords: MinuteRecord[] = [];
  private photoChain: Promise<unknown> = Promise.resolve();
  private current: { coachNo: string; traineeNo: string | null; classId: number } | null = null;
  private offlineUntil = -Infinity;
  private running: Promise<void> | null = null;

  constructor(options: SimTerminalOptions) {
    this.car = options.car;
    this.scheduler = options.scheduler;
    this.opts = {
      positionIntervalSec: 10,
      parkedPositionIntervalSec: 120,
      heartbeatIntervalSec: 60,
      ackTimeoutSec: 30,
      replyTimeoutSec: 30,
      minRealTimeoutMs: 1000,
      maxResends: 5,
      sessionMinutes: [30, 90],
      breakMinutes: [2, 10],
      ...options,
    };
    this.driver = new CarDriver({
      car: this.car,
      profile: options.profile,
      settings: options.settings,
      seed: options.seed,
      now: this.scheduler.now(),
    });
    this.profile = this.driver.profile;
    this.settings = this.driver.settings;
    this.rng = this.driver.rng;
    this.stats = options.stats ?? createStats();
    this.version = this.car.protocol;
    this.codec = CODEC[this.version];
    this.signer = signerFor(this.car.privateKeyPem);
    this.terminalNo = this.car.terminalNumber;
    this.authCode = this.car.authCode;
    this.malformedNext = this.rng.int(0, MALFORMED_CLASSES.length - 1);
  }

  private get trackRef(): Track {
    return this.driver.track;
  }

  /** The track currently driven (replaced at each session by the `replay` profile). */
  get currentTrack(): Track {
    return this.trackRef;
  }

  // ───────────────────────────── time ─────────────────────────────

  /** The terminal's own clock: simulated time plus the drift of the `clock-drift` profile. */
  deviceTime(simMs: number): number {
    return this.driver.deviceTime(simMs);
  }

  private realTimeout(simMs: number): number {
    const s = this.scheduler.speedup;
    return Math.max(Number.isFinite(s) ? simMs / s : 0, this.opts.minRealTimeoutMs);
  }

  // ───────────────────────────── connection ─────────────────────────────

  /** Open the TCP connection. Resolves when connected; rejects on a connect error. */
  connect(): Promise<void> {
    if (this.socket) return Promise.resolve();
    const host = this.opts.host ?? '127.0.0.1';
    const port = this.opts.port ?? 7611;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, localAddress: this.opts.localAddress });
      this.socket = socket;
      this.splitter = createFrameSplitter();
      socket.setNoDelay(true);
      let settled = false;
      socket.once('connect', () => {
        settled = true;
        this.connected = true;
        this.stats.connected++;
        resolve();
      });
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (e: NodeJS.ErrnoException) => {
        bump(this.stats.errors, settled ? `socket:${e.code ?? 'error'}` : `connect:${e.code ?? 'error'}`);
        if (!settled) {
          settled = true;
          reject(e);
        }
      });
      socket.on('close', () => this.onClose(socket));
    });
  }

  private onClose(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    if (this.connected) this.stats.connected--;
    if (this.authenticated) this.stats.authenticated--;
    this.connected = false;
    this.authenticated = false;
    this.holdQueue = null;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
    this.waiters.clear();
    // Acks for frames of a dead connection will not come; minute records stay for resending.
    for (const [serial, p] of this.pending) {
      if (p.kind === 'ack') {
        this.pending.delete(serial);
        this.stats.unacked++;
      }
    }
  }

  /** Close the connection (a terminal losing its link). */
  disconnect(): void {
    const socket = this.socket;
    if (!socket) return;
    this.onClose(socket); // synchronously: a reconnect right after must not see the old socket
    socket.destroy();
  }

  /** Stop everything: the lifecycle loop, timers, the socket. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.disconnect();
    await this.running?.catch(() => undefined);
  }

  // ───────────────────────────── writing ─────────────────────────────

  /** Write bytes as they are (fault injection, conformance tests). */
  sendRaw(bytes: Uint8Array): boolean {
    const socket = this.socket;
    if (!socket || !this.connected) return false;
    if (this.holdQueue) {
      this.holdQueue.push(bytes);
      return true;
    }
    this.opts.tap?.('up', bytes);
    this.stats.bytesSent += bytes.length;
    socket.write(bytes);
    return true;
  }

  private nextSerial(): number {
    const s = this.serial;
    this.serial = (this.serial + 1) & 0xffff;
    return s;
  }

  private header<K extends MessageId>(msgId: K) {
    return { msgId, phone: this.car.phone, serial: this.nextSerial(), version: this.version };
  }

  /**
   * Encode and write one message. Returns its serial, or null when not written (offline, or a
   * congested socket for frames that may be skipped).
   */
  private send<K extends MessageId>(
    msgId: K,
    body: BodyMap[K],
    track: { kind: 'ack' | 'resend' | 'none'; extId?: number; skippable?: boolean } = { kind: 'ack' },
  ): number | null {
    const socket = this.socket;
    if (!socket || !this.connected) return null;
    if (track.skippable && socket.writableLength > HIGH_WATER_BYTES) {
      this.stats.skippedBackpressure++;
      return null;
    }
    this.maybeInjectMalformed();
    const header = this.header(msgId);
    const frame = encode({ header, body } as EncodeInput, this.codec);
    const key = idKey(msgId, track.extId);
    bump(this.stats.sent, key);
    this.lastSentSim = this.scheduler.now();
    if (track.kind !== 'none') {
      this.pending.set(header.serial, {
        key,
        sentSim: this.scheduler.now(),
        sentReal: performance.now(),
        kind: track.kind,
        body: track.kind === 'resend' ? (body as TransparentData) : undefined,
        attempts: 0,
      });
    }
    this.sendRaw(frame);
    return header.serial;
  }

  /** Build (and sign, when the car has a key) a 驾培 extended message. */
  private extended<K extends ExtendedMessageId>(
    id: K,
    data: ExtendedBodyMap[K],
    attrs: { resend?: boolean; replyRequired?: boolean } = {},
  ): TransparentData {
    this.extSerial = (this.extSerial % 0xffff) + 1;
    let message: ExtendedMessage = {
      id,
      resend: attrs.resend ?? false,
      replyRequired: attrs.replyRequired ?? false,
      digest: 0,
      serial: this.extSerial,
      terminalNo: this.terminalNo,
      data,
      signature: null,
    };
    if (this.signer) message = signExtendedMessage(message, this.signer, this.codec);
    return { type: 0x13, message };
  }

  private sendExtended<K extends ExtendedMessageId>(
    id: K,
    data: ExtendedBodyMap[K],
    attrs: { resend?: boolean; replyRequired?: boolean; kind?: 'ack' | 'resend' | 'none' } = {},
  ): number | null {
    return this.send(0x0900, this.extended(id, data, attrs), { kind: attrs.kind ?? 'ack', extId: id });
  }

  private maybeInjectMalformed(): void {
    if (this.profile !== 'malformed' || !this.authenticated || this.holdQueue) return;
    if (++this.framesSinceMalformed < this.settings.malformedEvery) return;
    this.framesSinceMalformed = 0;
    const kind = MALFORMED_CLASSES[this.malformedNext % MALFORMED_CLASSES.length]!;
    this.malformedNext++;
    this.injectMalformed(kind);
  }

  /** Write one malformed piece of `kind` now (split writes hold back other frames until done). */
  injectMalformed(kind: MalformedClass): void {
    const chunks = malformedWrite(
      kind,
      { phone: this.car.phone, version: this.version, serial: this.nextSerial() },
      this.rng,
    );
    bump(this.stats.malformed, kind);
    if (chunks.length === 1) {
      this.sendRaw(chunks[0]!);
      return;
    }
    // Pieces go out a few milliseconds apart; frames produced meanwhile wait behind them.
    this.sendRaw(chunks[0]!);
    const held: Uint8Array[] = [];
    this.holdQueue = held;
    const rest = chunks.slice(1);
    const next = (): void => {
      if (this.holdQueue !== held) return; // connection gone
      const piece = rest.shift();
      this.holdQueue = null;
      if (piece) {
        this.sendRaw(piece);
        this.holdQueue = held;
        setTimeout(next, 3);
        return;
      }
      for (const b of held.splice(0)) this.sendRaw(b);
    };
    setTimeout(next, 3);
  }

  // ───────────────────────────── reading ─────────────────────────────

  private onData(chunk: Buffer): void {
    this.stats.bytesReceived += chunk.length;
    for (const ev of this.splitter.push(chunk)) {
      if (ev.type === 'dropped') {
        bump(this.stats.errors, `downlink:${ev.reason}`);
        continue;
      }
      this.opts.tap?.('down', ev.frame);
      const d = decode(ev.frame, this.codec);
      if (!d.ok) {
        bump(this.stats.errors, `downlink:${d.reason}`);
        continue;
      }
      if (d.body === null) {
        bump(this.stats.errors, 'downlink:multi_packet');
        continue;
      }
      this.onMessage(d);
    }
  }

  private onMessage(d: DecodedMessage): void {
    const ext = d.header.msgId === 0x8900 ? (d.body as TransparentData).message : undefined;
    bump(this.stats.received, idKey(d.header.msgId, ext?.id));
    for (const w of this.waiters) {
      const v = w.match(d);
      if (v !== undefined) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(v);
      }
    }
    try {
      this.answer(d, ext);
    } catch (e) {
      bump(this.stats.errors, `answer:${(e as Error).name}`);
    }
  }

  /** Wait for a downlink message that `match` maps to a value; null on timeout or disconnect. */
  waitFor<T>(match: (m: DecodedMessage) => T | undefined, timeoutSimMs?: number): Promise<T | null> {
    if (!this.connected) return Promise.resolve(null);
    return new Promise<T | null>((resolve) => {
      const waiter: Waiter = {
        match,
        resolve: resolve as (v: unknown) => void,
        timer: setTimeout(
          () => {
            this.waiters.delete(waiter);
            resolve(null);
          },
          this.realTimeout(timeoutSimMs ?? this.opts.replyTimeoutSec * 1000),
        ),
      };
      this.waiters.add(waiter);
    });
  }

  private waitExtended<K extends ExtendedMessageId>(id: K): Promise<ExtendedBodyMap[K] | null> {
    return this.waitFor((m) => {
      if (m.header.msgId !== 0x8900) return undefined;
      const msg = (m.body as TransparentData).message;
      return msg && msg.id === id ? (msg.data as ExtendedBodyMap[K]) : undefined;
    });
  }

  private waitGeneralReply(serial: number, msgId: number): Promise<BodyMap[0x8001] | null> {
    return this.waitFor((m) => {
      if (m.header.msgId !== 0x8001) return undefined;
      const b = m.body as BodyMap[0x8001];
      return b.replySerial === serial && b.replyId === msgId ? b : undefined;
    });
  }

  // ───────────────────────────── downlink answers ─────────────────────────────

  private answer(d: DecodedMessage, ext: ExtendedMessage | undefined): void {
    const id: number = d.header.msgId;
    switch (id) {
      case 0x8001: {
        const b = d.body as BodyMap[0x8001];
        const p = this.pending.get(b.replySerial);
        if (!p) return;
        if (b.result === 0) bump(this.stats.acks, p.key);
        else bump(this.stats.nacks, `${p.key}:${b.result}`);
        // 1 失败 says the platform could not take it now (its database, say): a record is kept and
        // sent again when its ack time runs out, as when no answer came. 2 and 3 are final.
        if (b.result === 1 && p.kind === 'resend' && p.body) return;
        this.pending.delete(b.replySerial);
        return;
      }
      case 0x8003: {
        const b = d.body as BodyMap[0x8003];
        const frames = this.multi.get(b.originalSerial);
        if (!frames) return;
        const wanted = b.packetIds.length > 0 ? b.packetIds : frames.map((_, i) => i + 1);
        for (const index of wanted) {
          const f = frames[index - 1];
          if (f && this.sendRaw(f)) this.stats.retransmitted++;
        }
        return;
      }
      case 0x8100:
        return; // handled by register()'s waiter
      case 0x8201: {
        this.send(
          0x0201,
          { replySerial: d.header.serial, location: this.locationBody(this.trackRef.fix(), false) },
          { kind: 'ack' },
        );
        return;
      }
      case 0x8103:
      case 0x8105:
      case 0x8202:
        this.generalReply(d, 0);
        return;
      case 0x8900:
        if (ext) this.answerExtended(ext);
        return;
      default:
        this.generalReply(d, 3); // 不支持
    }
  }

  private generalReply(d: DecodedMessage, result: number): void {
    this.send(0x0001, { replySerial: d.header.serial, replyId: d.header.msgId, result }, { kind: 'none' });
  }

  private answerExtended(ext: ExtendedMessage): void {
    switch (ext.id) {
      case 0x8301: {
        const req = ext.data as ExtendedBodyMap[0x8301];
        const size = req.size || 1;
        this.sendExtended(0x0301, { result: 1, uploadMode: req.uploadMode, channel: req.channel, size });
        const person = this.current?.traineeNo ?? this.current?.coachNo ?? this.car.coach.coachNumber;
        void this.uploadPhoto(PhotoEvent.centreRequest, person, {
          uploadMode: req.uploadMode || 1,
          channel: req.channel,
          size,
        }).catch(() => bump(this.stats.errors, 'photo:failed'));
        return;
      }
      case 0x8502: {
        const req = ext.data as ExtendedBodyMap[0x8502];
        this.banned = req.state === 2;
        this.sendExtended(0x0502, { result: 1, state: req.state, message: req.message });
        return;
      }
      case 0x8501: {
        const req = ext.data as ExtendedBodyMap[0x8501];
        if (!req.raw) this.appParams = { ...this.appParams, ...req.params };
        this.sendExtended(0x0501, { result: req.raw ? 2 : 1 });
        return;
      }
      case 0x8503:
        this.sendExtended(0x0503, { result: 0, params: this.appParams });
        return;
      case 0x8205:
        this.answerRecordRequest(ext.data as ExtendedBodyMap[0x8205]);
        return;
      case 0x8302:
        this.sendExtended(0x0302, { result: 1 });
        this.sendExtended(0x0303, { finished: 1, total: 0, photoNos: [] });
        return;
      case 0x8304:
        this.sendExtended(0x0304, { result: 1 }); // photos are not kept after upload
        return;
      default:
        return; // replies to our own messages are taken by waiters
    }
  }

  /** 0x8205: say 1 (uploading) and send the matching records again as 上报类型 2, or 3 when none match. */
  private answerRecordRequest(req: ExtendedBodyMap[0x8205]): void {
    let found: RecordEntry[];
    if (req.queryMode === 2) {
      found = req.count > 0 ? this.records.slice(-req.count) : [];
    } else {
      const from = parseTerminalTime(req.start);
      const to = parseTerminalTime(req.end);
      found = this.records.filter((r) => r.deviceTime >= from && r.deviceTime <= to);
    }
    if (found.length === 0) {
      this.sendExtended(0x0205, { result: 3 });
      return;
    }
    this.sendExtended(0x0205, { result: 1 });
    for (const r of found) {
      this.sendExtended(0x0203, { ...r.record, reportType: 2 }, { kind: 'resend', replyRequired: true });
    }
  }

  // ───────────────────────────── acks and resends ─────────────────────────────

  /** Resend 0x0203 whose ack is overdue; count other overdue frames as unacked. */
  checkAcks(): void {
    const nowSim = this.scheduler.now();
    const nowReal = performance.now();
    const limitSim = this.opts.ackTimeoutSec * 1000;
    const limitReal = this.realTimeout(limitSim);
    // A snapshot: re-queued and re-sent entries are added to the map while we go.
    for (const [serial, p] of [...this.pending]) {
      if (nowSim - p.sentSim < limitSim || nowReal - p.sentReal < limitReal) continue;
      this.pending.delete(serial);
      if (p.kind === 'ack' || !p.body) {
        this.stats.unacked++;
        continue;
      }
      if (p.attempts >= this.opts.maxResends) {
        this.stats.unacked++;
        bump(this.stats.errors, 'resend:gave_up');
        continue;
      }
      if (!this.connected) {
        this.pending.set(serial, p); // try again once the link is back
        continue;
      }
      const s = this.send(0x0900, p.body, { kind: 'resend', extId: p.body.message?.id });
      if (s !== null) {
        this.pending.get(s)!.attempts = p.attempts + 1;
        this.stats.resends++;
      } else {
        this.pending.set(serial, p);
      }
    }
  }

  /** Frames still waiting for their 0x8001. */
  get unackedCount(): number {
    return this.pending.size;
  }

  /**
   * Stays switched on after a session, as a real terminal does: resends what is still unanswered when
   * its time runs out, until every frame is answered or given up, or `ms` of real time have passed.
   * Returns how many frames are still waiting.
   */
  async settle(ms = 15_000): Promise<number> {
    const until = performance.now() + ms;
    while (this.pending.size > 0 && !this.stopped && performance.now() < until) {
      this.checkAcks();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return this.pending.size;
  }

  // ───────────────────────────── registration and authentication ─────────────────────────────

  /** 0x0100 → 0x8100. Keeps the 鉴权码 / 计时终端编号 from a successful answer. */
  async register(): Promise<TerminalRegisterReply | null> {
    const c = this.car;
    const layout = this.version;
    const serial = this.send(
      0x0100,
      {
        province: Number(c.regionCode.slice(0, 2)),
        city: Number(c.regionCode.slice(2, 6)),
        maker: c.maker,
        model: c.model,
        terminalId: c.serialNumber,
        ...(layout === 'jiapei' ? { imei: c.imei } : {}),
        plateColor: c.plateColor,
        plate: c.plate,
        layout,
      },
      { kind: 'none' },
    );
    if (serial === null) return null;
    const reply = await this.waitFor((m) =>
      m.header.msgId === 0x8100 && (m.body as TerminalRegisterReply).replySerial === serial
        ? (m.body as TerminalRegisterReply)
        : undefined,
    );
    if (!reply) {
      bump(this.stats.errors, 'timeout:0x8100');
      return null;
    }
    if (reply.result !== 0) {
      bump(this.stats.errors, `register:${reply.result}`);
      return reply;
    }
    if (reply.authCode !== undefined) this.authCode = reply.authCode;
    if (reply.terminalNo) this.terminalNo = reply.terminalNo;
    return reply;
  }

  /** 0x0102 → 0x8001. 驾培 layout: 时间戳 + RSA signature over 计时终端编号 ‖ 时间戳 (zeros without a key). */
  async authenticate(): Promise<boolean> {
    const body: TerminalAuthentication =
      this.version === 'jiapei'
        ? this.jiapeiAuthentication()
        : this.version === '2019'
          ? {
              authCode: this.authCode ?? '',
              imei: this.car.imei,
              softwareVersion: 'terminal-sim 0.1',
              layout: '2019',
            }
          : { authCode: this.authCode ?? '', layout: '2013' };
    const serial = this.send(0x0102, body, { kind: 'none' });
    if (serial === null) return false;
    const reply = await this.waitGeneralReply(serial, 0x0102);
    if (!reply) {
      bump(this.stats.errors, 'timeout:0x0102');
      return false;
    }
    if (reply.result !== 0) {
      bump(this.stats.errors, `auth:${reply.result}`);
      return false;
    }
    bump(this.stats.acks, '0x0102');
    if (!this.authenticated) this.stats.authenticated++;
    this.authenticated = true;
    return true;
  }

  private jiapeiAuthentication(): TerminalAuthentication {
    const timestamp = Math.floor(this.deviceTime(this.scheduler.now()) / 1000);
    const signature = this.signer
      ? this.signer.sign({ message: authenticationPayload(this.terminalNo, timestamp), digest: 'sha256' })
      : new Uint8Array(256);
    return { timestamp, signature, layout: 'jiapei' };
  }

  /** Connect, register when there is no 鉴权码 yet (JT/T 808) or always (驾培), authenticate. */
  async logon(): Promise<boolean> {
    await this.connect();
    const needsRegister = this.version === 'jiapei' ? !this.registered : this.authCode === undefined;
    if (needsRegister) {
      const r = await this.register();
      if (!r || r.result !== 0) return false;
      this.registered = true;
    }
    return this.authenticate();
  }
  private registered = false;

  heartbeat(): number | null {
    return this.send(0x0002, {}, { kind: 'ack', skippable: true });
  }

  // ───────────────────────────── positions ─────────────────────────────

  private status(fix: Fix, resend: boolean): number {
    return (fix.accOn ? 1 : 0) | (fix.gnssFix ? 0b10 : 0) | (resend ? 1 << 6 : 0) | (1 << 18);
  }

  private extraItem(length: number, value: number) {
    const v = Math.max(0, Math.min(Math.round(value), 2 ** (8 * length) - 1));
    return { length, value: v, hex: v.toString(16).padStart(2 * length, '0') };
  }

  /** A 0x0200 body for `fix` in this terminal's layout. */
  locationBody(fix: Fix, resend: boolean): LocationReport {
    const base = {
      alarm: 0,
      status: this.status(fix, resend),
      latitude: fix.latitude,
      longitude: fix.longitude,
      speed: fix.speedKmh,
      direction: fix.direction,
      time: isoCst(this.deviceTime(fix.time)),
    };
    const odometer = this.extraItem(4, fix.odometerM / 100);
    if (this.version === 'jiapei') {
      return {
        ...base,
        layout: 'jiapei',
        recorderSpeed: fix.recorderSpeedKmh,
        extras: { '0x01': odometer, '0x03': this.extraItem(2, 45) },
      };
    }
    // JT/T 808-2013 表27: 0x03 = 行驶记录功能获取的速度, WORD 1/10 km/h.
    return {
      ...base,
      layout: 'jt808',
      altitude: 45,
      extras: { '0x01': odometer, '0x03': this.extraItem(2, fix.recorderSpeedKmh * 10) },
    };
  }

  private gnss28(fix: Fix): JiapeiGnss {
    return {
      alarm: 0,
      status: this.status(fix, false),
      latitude: fix.latitude,
      longitude: fix.longitude,
      recorderSpeed: fix.recorderSpeedKmh,
      speed: fix.speedKmh,
      direction: fix.direction,
      time: isoCst(this.deviceTime(fix.time)),
    };
  }

  private gnss38(fix: Fix): JiapeiGnss38 {
    return {
      ...this.gnss28(fix),
      extras: { '0x01': this.extraItem(4, fix.odometerM / 100), '0x05': this.extraItem(2, fix.engineRpm) },
    };
  }

  /**
   * Send a 0x0200 for `fix` (default: the track now). Offline, the position is kept for the next
   * blind-area batch (0x0704).
   */
  sendPosition(fix: Fix = this.trackRef.fix()): number | null {
    if (!this.authenticated) {
      if (this.blindPositions.length < MAX_BLIND_POSITIONS) {
        this.blindPositions.push(this.locationBody(fix, true));
      }
      return null;
    }
    return this.send(0x0200, this.locationBody(fix, false), { kind: 'ack', skippable: true });
  }

  /** After a reconnect: buffered positions as 0x0704 批量 (type 1 盲区补报), buffered records as 补传 0x0203. */
  flushBlindArea(): void {
    while (this.blindPositions.length > 0 && this.authenticated) {
      const items = this.blindPositions.splice(0, BLIND_BATCH);
      const first = this.serial;
      const frames = encodeMultiPacket(
        {
          header: { msgId: 0x0704, phone: this.car.phone, serial: first, version: this.version },
          body: { type: 1, items },
        },
        this.codec,
      );
      this.serial = (first + frames.length) & 0xffff;
      this.multi.set(first, frames);
      if (this.multi.size > KEEP_MULTI) this.multi.delete(this.multi.keys().next().value!);
      bump(this.stats.sent, '0x0704', frames.length);
      this.stats.blindAreaItems += items.length;
      frames.forEach((f, i) => {
        this.pending.set((first + i) & 0xffff, {
          key: '0x0704',
          sentSim: this.scheduler.now(),
          sentReal: performance.now(),
          kind: 'ack',
          attempts: 0,
        });
        this.sendRaw(f);
      });
    }
    while (this.blindRecords.length > 0 && this.authenticated) {
      const record = this.blindRecords.shift()!;
      this.sendExtended(0x0203, record, { resend: true, replyRequired: true, kind: 'resend' });
      this.stats.blindAreaItems++;
    }
  }

  // ───────────────────────────── photos ─────────────────────────────

  private nextPhotoNo(deviceMs: number): string {
    const day = yymmddCst(deviceMs);
    if (day !== this.photoDay) {
      this.photoDay = day;
      this.photoSeq = 0;
    }
    this.photoSeq = (this.photoSeq % 9999) + 1;
    return `${day}${String(this.photoSeq).padStart(4, '0')}`;
  }

  /**
   * Take and upload a photo: 0x0305 → wait for 0x8305 result 0 → 0x0306 packets. Uploads are
   * serialised (the 0x8305 answer does not say which photo it is for). Resolves true when sent.
   */
  uploadPhoto(
    eventType: number,
    personNo: string,
    shot: { uploadMode?: number; channel?: number; size?: number; fix?: Fix } = {},
  ): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      if (!this.authenticated) return false;
      const fix = shot.fix ?? this.trackRef.fix();
      const device = this.deviceTime(fix.time);
      const photoNo = this.nextPhotoNo(device);
      const camera = this.driver.cameraShot(eventType, `${this.terminalNo} ${photoNo} ${isoCst(device)}`);
      const jpeg = photoJpeg(camera.label);
      const packets = photoPackets(jpeg);
      const reply = this.waitExtended(0x8305);
      const sent = this.sendExtended(
        0x0305,
        {
          photoNo,
          personNo,
          uploadMode: shot.uploadMode ?? 129,
          channel: shot.channel ?? 0,
          size: shot.size ?? 1,
          eventType,
          totalPackets: packets.length,
          photoBytes: jpeg.length,
          classId: this.current?.classId ?? 0,
          gnss: this.gnss38(fix),
          faceConfidence: camera.faceConfidence,
        },
        { replyRequired: true, kind: 'none' },
      );
      if (sent === null) return false;
      const answer = await reply;
      if (!answer) {
        bump(this.stats.errors, 'timeout:0x8305');
        return false;
      }
      if (answer.result !== 0) {
        bump(this.stats.errors, `photo_refused:${answer.result}`);
        return false;
      }
      for (const data of packets) this.sendExtended(0x0306, { photoNo, data }, { kind: 'ack' });
      this.stats.photos++;
      return true;
    };
    const p = this.photoChain.then(run, run);
    this.photoChain = p.catch(() => undefined);
    return p;
  }

  // ───────────────────────────── training session ─────────────────────────────

  private nextRecordNo(deviceMs: number): string {
    const day = yymmddCst(deviceMs);
    if (day !== this.recordDay) {
      this.recordDay = day;
      this.recordSeq = 0;
    }
    this.recordSeq = (this.recordSeq % 9999) + 1;
    return `${this.terminalNo}${day}${String(this.recordSeq).padStart(4, '0')}`;
  }

  /** Sleep until `t`, keeping the link alive meanwhile (acks, heartbeats, reconnects). */
  private async until(t: number): Promise<void> {
    await this.scheduler.sleepUntil(t);
    this.checkAcks();
    const silence = this.scheduler.now() - this.lastSentSim;
    if (this.authenticated && silence >= this.opts.heartbeatIntervalSec * 1000) this.heartbeat();
  }

  /** Back online after a drop (offline-resend, or a link that died): log on again and flush. */
  private async restoreLink(): Promise<void> {
    if (this.authenticated || this.stopped) return;
    if (this.scheduler.now() < this.offlineUntil) return;
    try {
      this.disconnect();
      if (await this.logon()) this.flushBlindArea();
    } catch {
      // stays offline; the caller tries again at its next step
    }
  }

  /**
   * One whole training session in simulated time: coach login (+photo), trainee login (+photo), one
   * 0x0203 per minute with positions every `positionIntervalSec`, a photo every 定时拍照 minutes,
   * trainee logout (+photo), coach logout. Frames carry the planned times, so the same seed and
   * start time give the same records.
   */
  async runSession(options: SessionOptions = {}): Promise<SessionSummary> {
    const car = this.car;
    const plan = this.driver.planSession(options, this.scheduler.now(), this.opts.sessionMinutes);
    const { minutes, start, classId, coachNo, courseCode } = plan;
    const trainee = { traineeNumber: plan.traineeNo };
    const summary: SessionSummary = {
      classId,
      traineeNo: trainee.traineeNumber,
      coachNo,
      courseCode,
      start,
      end: start,
      recordNos: [],
      mileageKm: 0,
      photos: 0,
    };
    const track = this.trackRef;
    track.setDriving(false);
    track.advanceTo(start);
    this.stats.sessions.started++;
    this.stats.inSession++;
    this.current = { coachNo, traineeNo: null, classId };
    const abort = (reason: string): SessionSummary => {
      summary.aborted = reason;
      this.stats.sessions.aborted++;
      return summary;
    };
    try {
      await this.until(start);
      if (this.banned) return abort('banned');
      const coachReply = this.waitExtended(0x8101);
      const coachSerial = this.sendExtended(
        0x0101,
        {
          coachNo,
          idCardNo: car.coach.idNumber,
          licenceClass: car.coach.licenceClass,
          gnss: this.gnss28(track.fix()),
        },
        { replyRequired: true, kind: 'none' },
      );
      if (coachSerial === null) return abort('offline');
      const coach = await coachReply;
      if (!coach) return abort('timeout:0x8101');
      if (coach.result !== 1) return abort(`coach_login:${coach.result}`);

      await this.until(start + 10_000);
      track.advanceTo(start + 10_000);
      if (await this.uploadPhoto(PhotoEvent.coachLogin, coachNo)) summary.photos++;

      await this.until(start + 30_000);
      track.advanceTo(start + 30_000);
      const traineeReply = this.waitExtended(0x8201);
      this.sendExtended(
        0x0201,
        { traineeNo: trainee.traineeNumber, coachNo, courseCode, classId, gnss: this.gnss28(track.fix()) },
        { replyRequired: true, kind: 'none' },
      );
      const login = await traineeReply;
      if (!login) return abort('timeout:0x8201');
      // 4 = 区域外教学提醒: a warning, training goes on.
      if (login.result !== 1 && login.result !== 4) return abort(`trainee_login:${login.result}`);
      this.current.traineeNo = trainee.traineeNumber;

      await this.until(start + 40_000);
      track.advanceTo(start + 40_000);
      if (await this.uploadPhoto(PhotoEvent.traineeLogin, trainee.traineeNumber)) summary.photos++;

      const anchor = plan.anchor;
      await this.until(anchor);
      const offline = this.driver.offlineWindow(plan);
      let minute = 0;
      for (const ev of this.driver.drivingTimeline(plan, this.opts.positionIntervalSec * 1000)) {
        if (this.stopped) break;
        if (ev.kind === 'minute') {
          if (offline && ev.at === offline.from && this.authenticated) {
            this.offlineUntil = offline.to;
            this.disconnect();
          }
          continue;
        }
        await this.until(ev.at);
        if (ev.kind === 'position') {
          this.sendPosition(ev.fix);
          if (!this.authenticated) await this.restoreLink();
          continue;
        }
        minute = ev.minute + 1;
        const m = ev.stats;
        this.sendPosition(m.fixAtEnd);
        const recordNo = this.sendMinuteRecord(m.end, this.driver.minuteFigures(m), {
          traineeNo: trainee.traineeNumber,
          coachNo,
          classId,
          courseCode,
        });
        summary.recordNos.push(recordNo);
        summary.mileageKm += this.records[this.records.length - 1]!.record.mileageKm;
        if (!this.authenticated) await this.restoreLink();
        const interval = this.appParams.photoIntervalMin;
        if (interval > 0 && minute % interval === 0 && minute < minutes) {
          if (await this.uploadPhoto(PhotoEvent.duringTraining, trainee.traineeNumber, { fix: m.fixAtEnd })) {
            summary.photos++;
          }
        }
        if (this.banned) {
          summary.aborted = 'banned';
          break;
        }
      }
      const end = anchor + minute * 60_000;
      track.setDriving(false);
      // Make sure the end of the session goes out online (the offline window may still be open).
      this.offlineUntil = Math.min(this.offlineUntil, end);
      if (!this.authenticated) await this.restoreLink();
      await this.until(end + 10_000);
      track.advanceTo(end + 10_000);
      if (await this.uploadPhoto(PhotoEvent.traineeLogout, trainee.traineeNumber)) summary.photos++;

      await this.until(end + 20_000);
      track.advanceTo(end + 20_000);
      const logoutReply = this.waitExtended(0x8202);
      this.sendExtended(
        0x0202,
        {
          traineeNo: trainee.traineeNumber,
          logoutTime: isoCst(this.deviceTime(end + 20_000)),
          loginMinutes: minute,
          loginMileageKm: Math.round(summary.mileageKm * 10) / 10,
          classId,
          gnss: this.gnss28(track.fix()),
        },
        { replyRequired: true, kind: 'none' },
      );
      if (!(await logoutReply)) bump(this.stats.errors, 'timeout:0x8202');
      this.current.traineeNo = null;

      await this.until(end + 40_000);
      track.advanceTo(end + 40_000);
      const coachOut = this.waitExtended(0x8102);
      this.sendExtended(
        0x0102,
        { coachNo, gnss: this.gnss28(track.fix()) },
        { replyRequired: true, kind: 'none' },
      );
      if (!(await coachOut)) bump(this.stats.errors, 'timeout:0x8102');
      summary.end = end + 40_000;
      summary.mileageKm = Math.round(summary.mileageKm * 10) / 10;
      if (summary.aborted) this.stats.sessions.aborted++;
      else this.stats.sessions.completed++;
      return summary;
    } finally {
      this.current = null;
      this.stats.inSession--;
      track.setDriving(false);
    }
  }

  /** Build, remember and send (or buffer, offline) the 0x0203 of one minute. */
  private sendMinuteRecord(
    minuteEnd: number,
    figures: MinuteFigures,
    who: { traineeNo: string; coachNo: string; classId: number; courseCode: string },
  ): string {
    const device = this.deviceTime(minuteEnd);
    const recordNo = this.nextRecordNo(device);
    const record: MinuteRecord = {
      recordNo,
      reportType: 1,
      traineeNo: who.traineeNo,
      coachNo: who.coachNo,
      classId: who.classId,
      recordTime: clockCst(device),
      courseCode: who.courseCode,
      recordStatus: 0,
      maxSpeedKmh: figures.maxSpeedKmh,
      mileageKm: figures.mileageKm,
      gnss: this.gnss38(figures.fix),
    };
    this.records.push({ deviceTime: device, record });
    if (this.records.length > KEEP_RECORDS) this.records.shift();
    this.stats.minuteRecords++;
    if (this.authenticated) {
      this.sendExtended(0x0203, record, { replyRequired: true, kind: 'resend' });
    } else {
      this.blindRecords.push(record);
    }
    return recordNo;
  }

  /** Minute records produced so far (newest last, at most the last 120). */
  get minuteRecords(): readonly MinuteRecord[] {
    return this.records.map((r) => r.record);
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /** Live until {@link stop}: log on (with back-off), then sessions separated by parked breaks. */
  run(): Promise<void> {
    this.running ??= this.lifecycle();
    return this.running;
  }

  private async lifecycle(): Promise<void> {
    let backoff = 5_000;
    // Stagger the fleet: cars start within their first 30 simulated seconds.
    await this.scheduler.sleep(this.rng.int(0, 30_000));
    while (!this.stopped) {
      if (!this.authenticated) {
        let ok = false;
        try {
          this.disconnect();
          ok = await this.logon();
        } catch {
          ok = false;
        }
        if (!ok) {
          this.disconnect();
          await this.pause(backoff + this.rng.int(0, backoff));
          backoff = Math.min(backoff * 2, 300_000);
          continue;
        }
        backoff = 5_000;
        this.flushBlindArea();
      }
      if (this.banned) {
        await this.parkUntil(this.scheduler.now() + 60_000);
        continue;
      }
      try {
        await this.runSession();
      } catch (e) {
        bump(this.stats.errors, `session:${(e as Error).message}`);
      }
      if (this.stopped) break;
      const pause = this.rng.int(this.opts.breakMinutes[0] * 60_000, this.opts.breakMinutes[1] * 60_000);
      await this.parkUntil(this.scheduler.now() + pause);
    }
  }

  /** Wait `ms` simulated, but never less than the real-time floor (connect back-off). */
  private async pause(ms: number): Promise<void> {
    await Promise.all([
      this.scheduler.sleep(ms),
      new Promise((r) => setTimeout(r, Math.min(this.realTimeout(ms), 30_000))),
    ]);
  }

  /** Parked: a position now and then, heartbeats in between. */
  private async parkUntil(t: number): Promise<void> {
    const step = this.opts.parkedPositionIntervalSec * 1000;
    let next = this.scheduler.now() + Math.min(step, this.opts.heartbeatIntervalSec * 1000);
    while (!this.stopped && next < t && this.authenticated) {
      await this.until(next);
      this.trackRef.advanceTo(next);
      if (this.scheduler.now() - this.lastSentSim >= step) this.sendPosition(this.trackRef.fix());
      next += Math.min(step, this.opts.heartbeatIntervalSec * 1000);
    }
    if (!this.stopped && this.authenticated) await this.until(t);
  }
}
