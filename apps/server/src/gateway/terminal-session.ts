import {
  createFrameSplitter,
  createReassembler,
  decode,
  decodeBody,
  encode,
  ExtMsgId,
  GeneralResult,
  MsgId,
  type CodecOptions,
  type DecodedMessage,
  type DecodeFailure,
  type DecodeResult,
  type EncodeInput,
  type ExtendedMessage,
  type Header,
  type HeaderVariant,
  type SplitEvent,
} from '@jiapei/jt808';
import type { Socket } from 'node:net';
import type { TerminalIdentity } from '../modules/telemetry/index.ts';
import { phoneMatchesSim } from '../modules/telemetry/index.ts';
import type { ExtendedDownlink } from './command-encoder.ts';
import {
  hexId,
  type BadInputReason,
  type CloseReason,
  type GatewayLog,
  type GatewayMetrics,
} from './gateway-metrics.ts';
import { createTokenBucket } from './token-bucket.ts';

/** Limits and codec settings every session of one gateway shares. */
export type SessionSettings = {
  header: HeaderVariant | 'auto';
  maxBodyLength: number;
  idleTimeoutMs: number;
  framesPerSecond: number;
  frameBurst: number;
  maxBadFramesPerMinute: number;
  reassemblyRetryMs: number;
};

/** What a session does with a complete, decoded message (`dispatch.ts`). */
export type MessageHandler = (session: TerminalSession, message: DecodedMessage) => void | Promise<void>;

/** Frames waiting to be handled before the socket stops being read (per connection). */
const INBOX_HIGH = 512;
const INBOX_LOW = 64;
/** A malformed frame costs this many tokens of the rate limit: junk runs out of budget faster. */
const BAD_FRAME_COST = 10;
/** Messages that may come before authentication (JT/T 808-2013 §8.4–8.8). */
const BEFORE_AUTH = new Set<number>([
  MsgId.terminalRegister,
  MsgId.terminalAuthentication,
  MsgId.heartbeat,
  MsgId.terminalLogout,
  MsgId.terminalGeneralReply,
]);

/** Downlink extended ids that answer the terminal (no answer expected back); the rest are commands. */
const REPLIES = new Set<number>([
  ExtMsgId.coachLoginReply,
  ExtMsgId.coachLogoutReply,
  ExtMsgId.traineeLoginReply,
  ExtMsgId.traineeLogoutReply,
  ExtMsgId.photoQueryResultReply,
  ExtMsgId.photoUploadInitReply,
]);

export type TerminalSession = ReturnType<typeof createTerminalSession>;

/**
 * One terminal connection (ARCHITECTURE B4): cuts the byte stream into frames, decodes them, keeps the
 * per-connection state (who the terminal is, serial numbers, multi-packet reassembly, rate limit) and
 * hands complete messages to `dispatch`. It holds no business rules. Frames are handled strictly in
 * arrival order; the socket is paused — never dropped — while the connection's inbox, the telemetry
 * queue or the rate limit says so.
 */
export function createTerminalSession(deps: {
  socket: Socket;
  connectionId: number;
  settings: SessionSettings;
  metrics: GatewayMetrics;
  log: GatewayLog;
  handle: MessageHandler;
  onClose: (session: TerminalSession, reason: CloseReason) => void;
}) {
  const { socket, settings, metrics, log } = deps;
  const splitter = createFrameSplitter({ maxFrameBytes: 2 * settings.maxBodyLength + 64 });
  // Transport timing (reassembly, rate limit, abuse window) runs on the wall clock, not the injected
  // business clock: it is about bytes on this socket, not about when training happened.
  const reassembler = createReassembler({
    retryAfterMs: settings.reassemblyRetryMs,
    timeoutMs: Math.max(60_000, settings.reassemblyRetryMs * 5),
  });
  const bucket = createTokenBucket(settings.framesPerSecond, settings.frameBurst, Date.now());
  const inbox: { frame: Uint8Array; readAt: number }[] = [];
  const pauses = new Set<'inbox' | 'backpressure' | 'throttle'>();
  const badFrameTimes: number[] = [];
  const recentlyReassembled = new Map<string, number>();

  let codecOptions: CodecOptions = { header: settings.header, maxBodyLength: settings.maxBodyLength };
  let terminal: TerminalIdentity | null = null;
  let lastHeader: Pick<Header, 'phone' | 'version'> | null = null;
  let platformSerial = 0;
  let extendedSerial = 0;
  /** True while `drain` is working through the inbox; `running` is its promise, for shutdown. */
  let draining = false;
  let running: Promise<void> = Promise.resolve();
  let closed = false;
  /** Set by `shutdown`: nothing resumes reading any more. */
  let stopping = false;
  let closeReason: CloseReason = 'peer';
  let throttleTimer: NodeJS.Timeout | null = null;
  /** Set while the telemetry queue is saturated; resolves when it has drained. */
  let relieved: Promise<void> | null = null;

  const remoteAddress = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : null;

  function pause(why: 'inbox' | 'backpressure' | 'throttle') {
    if (pauses.size === 0) socket.pause();
    pauses.add(why);
  }

  function resume(why: 'inbox' | 'backpressure' | 'throttle') {
    if (!pauses.delete(why)) return;
    if (pauses.size === 0 && !closed && !stopping) socket.resume();
  }

  function badInput(reason: BadInputReason, cost = BAD_FRAME_COST) {
    metrics.badInput.inc({ reason });
    const now = Date.now();
    badFrameTimes.push(now);
    while (badFrameTimes.length > 0 && badFrameTimes[0]! < now - 60_000) badFrameTimes.shift();
    if (badFrameTimes.length > settings.maxBadFramesPerMinute) {
      log.warn({ connectionId: deps.connectionId, remoteAddress }, 'closing an abusive connection');
      session.close('abusive');
      return;
    }
    spend(cost);
  }

  function spend(cost: number) {
    if (bucket.take(cost, Date.now()) || pauses.has('throttle')) return;
    metrics.throttled.inc();
    pause('throttle');
    throttleTimer = setTimeout(() => {
      throttleTimer = null;
      resume('throttle');
    }, bucket.waitMs(Date.now()));
  }

  function onData(chunk: Buffer) {
    const readAt = performance.now();
    let events: SplitEvent[];
    try {
      events = splitter.push(chunk);
    } catch (err) {
      log.error({ err }, 'frame splitter failed');
      session.close('error');
      return;
    }
    for (const ev of events) {
      if (ev.type === 'frame') inbox.push({ frame: ev.frame, readAt });
      else badInput(ev.reason);
    }
    if (inbox.length >= INBOX_HIGH) pause('inbox');
    if (!draining && inbox.length > 0) running = drain();
  }

  /**
   * Handles queued frames one at a time, awaiting only handlers that touch the database. `draining`
   * is set and cleared synchronously inside, in the same step as the loop's last look at the inbox —
   * never in a promise callback or after an `await`: a resumed socket emits the chunks it buffered
   * while paused one after another in the same tick, before any promise callback runs, and a flag
   * cleared later would leave those chunks waiting in the inbox until the terminal sends again.
   */
  async function drain(): Promise<void> {
    draining = true;
    try {
      while (inbox.length > 0 && !closed) {
        if (relieved) await relieved;
        const item = inbox.shift()!;
        try {
          const pending = handleFrame(item.frame);
          if (pending) await pending;
        } catch (err) {
          metrics.handlerErrors.inc();
          log.error({ err, connectionId: deps.connectionId }, 'frame handler failed');
        }
        metrics.frameSeconds.observe((performance.now() - item.readAt) / 1000);
        if (inbox.length <= INBOX_LOW) resume('inbox');
      }
    } finally {
      // In the same synchronous step as the last loop check: no await between them.
      draining = false;
    }
  }

  function handleFrame(frame: Uint8Array): void | Promise<void> {
    spend(1);
    const result = decode(frame, codecOptions);
    if (!result.ok) return rejectFrame(result);
    if (result.body === null) return handleFragment(result);
    return accept(result);
  }

  function rejectFrame(failure: DecodeFailure): void {
    badInput(failure.reason);
    // A reply needs the header's serial and id; without a readable header the terminal's own
    // retransmission timer is the standard's answer (JT/T 808-2013 §4.4.3).
    if (!failure.header) return;
    lastHeader ??= failure.header;
    const result =
      failure.reason === 'unknown_message' ? GeneralResult.unsupported : GeneralResult.messageError;
    session.reply(failure.header, result);
  }

  function handleFragment(result: Extract<DecodeResult, { body: null }>): void | Promise<void> {
    const { header } = result;
    if (!checkPhone(header)) return;
    const now = Date.now();
    // A packet resent after its message completed would open a new message that never finishes.
    const originalSerial = (header.serial - (header.packet.index - 1)) & 0xffff;
    const key = `${header.msgId}|${header.packet.total}|${originalSerial}`;
    if (recentlyReassembled.has(key)) {
      session.reply(header, GeneralResult.ok);
      return;
    }
    const pushed = reassembler.push(header, result.fragment, now);
    scheduleReassemblyPoll();
    // Each packet is acknowledged on its own (JT/T 808-2013 §4.4.3: 分包 each get a 通用应答).
    if (pushed.status === 'rejected') {
      badInput('reassembly_rejected');
      session.reply(header, GeneralResult.failure);
      return;
    }
    if (pushed.status !== 'complete') {
      session.reply(header, GeneralResult.ok);
      return;
    }
    for (const [k, at] of recentlyReassembled) if (at < now - 120_000) recentlyReassembled.delete(k);
    recentlyReassembled.set(key, now);
    session.reply(header, GeneralResult.ok);
    const whole = decodeBody(pushed.header, pushed.body, codecOptions);
    if (!whole.ok) return rejectFrame(whole);
    return accept(whole);
  }

  let reassemblyTimer: NodeJS.Timeout | null = null;

  /** While a multi-packet message is incomplete, ask for missing packets (0x8003) and expire old ones. */
  function scheduleReassemblyPoll() {
    if (reassemblyTimer || reassembler.pending === 0 || closed) return;
    reassemblyTimer = setTimeout(
      () => {
        reassemblyTimer = null;
        const { reRequests, expired } = reassembler.poll(Date.now());
        for (const r of reRequests) {
          metrics.reassembly.inc({ event: 're_requested' });
          // JT/T 808-2013 §8.4 补传分包请求, sent to the phone and header layout of the packets.
          session.send((h) => ({
            header: { msgId: MsgId.retransmitRequest, ...h, phone: r.phone, version: r.version },
            body: { originalSerial: r.originalSerial, packetIds: r.packetIds },
          }));
        }
        if (expired.length > 0) metrics.reassembly.inc({ event: 'expired' }, expired.length);
        scheduleReassemblyPoll();
      },
      Math.max(10, Math.floor(settings.reassemblyRetryMs / 2)),
    );
    reassemblyTimer.unref();
  }

  function checkPhone(header: Header): boolean {
    if (!terminal) return true;
    if (phoneMatchesSim(header.phone, terminal.simNumber)) return true;
    badInput('phone_mismatch');
    session.reply(header, GeneralResult.messageError);
    return false;
  }

  function accept(message: DecodedMessage): void | Promise<void> {
    const { header } = message;
    metrics.messages.inc({ msg_id: hexId(header.msgId) });
    if (!terminal && !BEFORE_AUTH.has(header.msgId)) {
      badInput('unauthenticated', 1);
      session.reply(header, GeneralResult.failure);
      return;
    }
    if (!checkPhone(header)) return;
    lastHeader = header;
    const failed = (err: unknown) => {
      // A handler that failed (the database, say) is answered 1: the terminal resends later.
      metrics.handlerErrors.inc();
      log.error(
        { err, msgId: hexId(header.msgId), connectionId: deps.connectionId },
        'message handler failed',
      );
      session.reply(header, GeneralResult.failure);
    };
    try {
      const pending = deps.handle(session, message);
      if (pending) return pending.catch(failed);
    } catch (err) {
      failed(err);
    }
  }

  /** True from the first answer of a tick until the socket is uncorked at the end of that tick. */
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };

  function write(input: EncodeInput): number {
    if (closed || socket.destroyed) return -1;
    const frame = encode(input, codecOptions);
    // The answers to a chunk of frames handled in one go leave in one writev, not one syscall each.
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    socket.write(frame);
    return input.header.serial ?? 0;
  }

  function nextSerial(): number {
    const s = platformSerial;
    platformSerial = (platformSerial + 1) & 0xffff;
    return s;
  }

  const session = {
    connectionId: deps.connectionId,
    remoteAddress,

    get terminal() {
      return terminal;
    },

    get closed() {
      return closed;
    },

    /** After 0x0102 succeeded: who this connection is, and the codec settings for its signatures. */
    authenticated(identity: TerminalIdentity, options: CodecOptions['jiapei'] | undefined) {
      terminal = identity;
      codecOptions = { ...codecOptions, ...(options ? { jiapei: options } : {}) };
    },

    /** 0x8001 平台通用应答 to `header`. */
    reply(header: Pick<Header, 'serial' | 'msgId' | 'phone' | 'version'>, result: number) {
      write({
        header: {
          msgId: MsgId.platformGeneralReply,
          phone: header.phone,
          version: header.version,
          serial: nextSerial(),
        },
        body: { replySerial: header.serial, replyId: header.msgId, result },
      });
    },

    /** Any platform message, to the phone and header layout the terminal uses. Returns its serial. */
    send(build: (header: { phone: string; version: HeaderVariant; serial: number }) => EncodeInput): number {
      if (!lastHeader) return -1;
      return write(build({ phone: lastHeader.phone, version: lastHeader.version, serial: nextSerial() }));
    },

    /** A 驾培 extended message in 0x8900 (platform messages carry no 校验串). Returns the frame serial. */
    sendExtended(downlink: ExtendedDownlink, echo?: Pick<ExtendedMessage, 'resend'>): number {
      if (!terminal) return -1;
      const message: ExtendedMessage = {
        id: downlink.id,
        resend: echo?.resend ?? false,
        replyRequired: !REPLIES.has(downlink.id),
        digest: 0,
        serial: (extendedSerial = (extendedSerial + 1) & 0xffff),
        terminalNo: terminal.terminalNumber.trim(),
        data: downlink.data as ExtendedMessage['data'],
        signature: null,
      };
      return session.send((h) => ({
        header: { msgId: MsgId.downlinkTransparent, ...h },
        body: { type: 0x13, message },
      }));
    },

    /** Positions could not be queued fast enough: stop reading until the writer catches up. */
    backpressure(whenRelieved: (fn: () => void) => void) {
      if (relieved) return;
      metrics.backpressure.inc();
      pause('backpressure');
      // Frames already read wait in the inbox too: handling them now would overfill the queue.
      let resolveRelief!: () => void;
      const relief = new Promise<void>((resolve) => (resolveRelief = resolve));
      // Assigned before `whenRelieved` runs: a relief that comes at once (the queue drained in the
      // meantime) must clear this promise, not be overwritten by it — a settled `relieved` left
      // behind would keep this session from ever pausing again.
      relieved = relief;
      whenRelieved(() => {
        if (relieved === relief) relieved = null;
        resume('backpressure');
        resolveRelief();
      });
    },

    /** Closes the connection (once). */
    close(reason: CloseReason) {
      if (closed) return;
      closed = true;
      closeReason = reason;
      if (throttleTimer) clearTimeout(throttleTimer);
      if (reassemblyTimer) clearTimeout(reassemblyTimer);
      // Replies already written still go out; then the socket is released without waiting on the peer.
      if (reason === 'shutdown' || reason === 'replaced') socket.end(() => socket.destroy());
      else socket.destroy();
    },

    /** Graceful stop: read nothing more, finish the frames already read, then close. */
    async shutdown(): Promise<void> {
      stopping = true;
      socket.pause();
      while (draining) await running;
      if (socket.destroyed) return;
      const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      session.close('shutdown');
      await gone;
    },
  };

  socket.setNoDelay(true);
  socket.setTimeout(settings.idleTimeoutMs, () => session.close('idle'));
  socket.on('data', onData);
  socket.on('error', (err) => {
    log.debug({ err, connectionId: deps.connectionId }, 'terminal socket error');
    if (!closed) closeReason = 'error';
  });
  socket.on('close', () => {
    if (splitter.buffered > 0) metrics.badInput.inc({ reason: 'truncated_at_close' });
    closed = true;
    if (throttleTimer) clearTimeout(throttleTimer);
    if (reassemblyTimer) clearTimeout(reassemblyTimer);
    metrics.closed.inc({ reason: closeReason });
    deps.onClose(session, closeReason);
  });

  return session;
}
