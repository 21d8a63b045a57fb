/**
 * One simulator process of the gateway benchmark (forked by gateway.bench.ts over IPC). A process may
 * hold fewer than RLIMIT_NOFILE sockets, so the bench spreads its terminals over several of these.
 * Each drives a slice of the fleet file with the terminal simulator's SimTerminal: log all of them on
 * and keep them alive (`hold`), or stream 0x0200 at a fixed offered rate and time every 0x8001 (`stream`).
 *
 * Commands (parent → worker) and reports (worker → parent) are the `Command` / `Report` types below.
 */
import { decode, type BodyMap, type CodecOptions } from '@jiapei/jt808';
import {
  createRealtimeScheduler,
  createStats,
  SimTerminal,
  type FleetFile,
  type Fix,
} from '@jiapei/terminal-sim';
import fs from 'node:fs';
import { record, type Histogram } from './latency.ts';

export type Command =
  | {
      cmd: 'init';
      fleetFile: string;
      from: number;
      to: number;
      host: string;
      port: number;
      /** Source addresses, rotated per car (each gives its own ephemeral port range). */
      addresses: string[];
      /** How long a handshake may wait for 0x8100 / 0x8001 before it counts as failed. */
      replyTimeoutSec: number;
    }
  | { cmd: 'hold'; concurrency: number }
  | { cmd: 'release' }
  | {
      cmd: 'stream';
      /** How many cars of this worker's slice stream (the first ones). */
      cars: number;
      /** Offered messages per second for this worker, spread round-robin over its cars. */
      rate: number;
      seconds: number;
      /** Fix time of each car's first message (epoch ms, whole seconds); each next one is 1 s later. */
      fixBase: number;
      /** Stop waiting for outstanding acks after this long without a new one. */
      ackGraceMs: number;
    }
  | { cmd: 'exit' };

export type HoldReport = {
  type: 'hold';
  attempted: number;
  authenticated: number;
  ms: number;
  errors: Record<string, number>;
};
export type StreamReport = {
  type: 'stream';
  cars: number;
  loggedOn: number;
  sent: number;
  /** Not written because the socket was congested (the simulator skips positions then). */
  skipped: number;
  acks: number;
  nacks: number;
  sendMs: number;
  /** Epoch ms of the first send. */
  sendStartedAt: number;
  /** From the first send to the last ack, ms. */
  ackSpanMs: number;
  latency: Histogram;
  errors: Record<string, number>;
};
export type Report = { type: 'ready' } | HoldReport | StreamReport | { type: 'released' };

let terminals: SimTerminal[] = [];
let heartbeatTimer: NodeJS.Timeout | null = null;
const scheduler = createRealtimeScheduler();
const errors: Record<string, number> = {};
/** The simulator's own counters, shared by this worker's cars. */
const simStats = createStats();
const bumpError = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);

/** Per car: serial → send time of 0x0200 awaiting its 0x8001. */
const inFlight = new Map<SimTerminal, Map<number, number>>();
let measure: { latency: Histogram; acks: number; nacks: number; lastAckAt: number } | null = null;

function send(report: Report) {
  process.send!(report);
}

function tapFor(codec: CodecOptions, waiting: Map<number, number>) {
  return (direction: 'up' | 'down', bytes: Uint8Array) => {
    if (direction !== 'down' || !measure) return;
    const d = decode(bytes, codec);
    if (!d.ok || d.header.msgId !== 0x8001) return;
    const body = d.body as BodyMap[0x8001];
    if (body.replyId !== 0x0200) return;
    const sentAt = waiting.get(body.replySerial);
    if (sentAt === undefined) return;
    waiting.delete(body.replySerial);
    const now = performance.now();
    if (body.result === 0) {
      measure.acks++;
      record(measure.latency, now - sentAt);
    } else {
      measure.nacks++;
    }
    measure.lastAckAt = now;
  };
}

function init(c: Extract<Command, { cmd: 'init' }>) {
  const fleet = JSON.parse(fs.readFileSync(c.fleetFile, 'utf8')) as FleetFile;
  terminals = fleet.cars.slice(c.from, c.to).map((car, i) => {
    const waiting = new Map<number, number>();
    const t = new SimTerminal({
      car,
      scheduler,
      host: c.host,
      port: c.port,
      localAddress: c.addresses[i % c.addresses.length],
      seed: car.terminalNumber,
      replyTimeoutSec: c.replyTimeoutSec,
      stats: simStats,
      tap: tapFor({ header: car.protocol }, waiting),
    });
    inFlight.set(t, waiting);
    return t;
  });
}

/** Logs on `list` with at most `concurrency` handshakes in flight; returns how many succeeded. */
async function logOn(list: SimTerminal[], concurrency: number): Promise<number> {
  let next = 0;
  let ok = 0;
  async function lane() {
    while (next < list.length) {
      const t = list[next++]!;
      if (t.authenticated) {
        ok++;
        continue;
      }
      try {
        if (await t.logon()) ok++;
        else bumpError('logon_refused_or_timeout');
      } catch (e) {
        bumpError(`connect:${(e as NodeJS.ErrnoException).code ?? 'error'}`);
        t.disconnect();
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return ok;
}

async function hold(c: Extract<Command, { cmd: 'hold' }>) {
  const started = performance.now();
  const authenticated = await logOn(terminals, c.concurrency);
  // JT/T 808 heartbeats keep the link alive past the gateway's idle timeout.
  heartbeatTimer ??= setInterval(() => {
    for (const t of terminals) if (t.authenticated) t.heartbeat();
  }, 30_000);
  send({
    type: 'hold',
    attempted: terminals.length,
    authenticated,
    ms: Math.round(performance.now() - started),
    errors: withSimErrors(),
  });
}

function withSimErrors(): Record<string, number> {
  const all = { ...errors };
  for (const [k, v] of Object.entries(simStats.errors)) all[`sim:${k}`] = v;
  return all;
}

function release() {
  if (heartbeatTimer) clearInterval(heartbeatTimer);
  heartbeatTimer = null;
  for (const t of terminals) t.disconnect();
  send({ type: 'released' });
}

async function stream(c: Extract<Command, { cmd: 'stream' }>) {
  const cars = terminals.slice(0, c.cars);
  const loggedOn = await logOn(cars, 50);
  const live = cars.filter((t) => t.authenticated);
  const fixes = new Map<SimTerminal, { base: Fix; n: number }>(
    live.map((t) => [t, { base: t.currentTrack.fix(), n: 0 }]),
  );
  for (const w of inFlight.values()) w.clear();
  measure = { latency: {}, acks: 0, nacks: 0, lastAckAt: 0 };
  let sent = 0;
  let skipped = 0;
  let turn = 0;
  const started = performance.now();
  const sendStartedAt = Date.now();
  const total = Math.round(c.rate * c.seconds);
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - started) / 1000;
      const due = Math.min(total, Math.floor(c.rate * elapsed));
      for (let k = sent + skipped; k < due && live.length > 0; k++) {
        const t = live[turn++ % live.length]!;
        const f = fixes.get(t)!;
        // Positions are keyed by terminal and fix time: every message of a car is one second later.
        const serial = t.sendPosition({ ...f.base, time: c.fixBase + f.n * 1000 });
        f.n++;
        if (serial === null) {
          skipped++;
          continue;
        }
        inFlight.get(t)!.set(serial, performance.now());
        sent++;
      }
      if (sent + skipped >= total || live.length === 0) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  const sendMs = performance.now() - started;
  // Past the offered capacity the frames wait in socket buffers (the gateway stops reading while its
  // queue is full), so wait for every answer, giving up only when none has come for `ackGraceMs`.
  let answered = -1;
  let progressAt = performance.now();
  while (measure.acks + measure.nacks < sent && performance.now() - progressAt < c.ackGraceMs) {
    if (measure.acks + measure.nacks !== answered) {
      answered = measure.acks + measure.nacks;
      progressAt = performance.now();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = measure;
  measure = null;
  send({
    type: 'stream',
    cars: cars.length,
    loggedOn,
    sent,
    skipped,
    acks: m.acks,
    nacks: m.nacks,
    sendMs: Math.round(sendMs),
    sendStartedAt,
    ackSpanMs: Math.round((m.lastAckAt || started) - started),
    latency: m.latency,
    errors: withSimErrors(),
  });
}

process.on('message', (c: Command) => {
  const run = async () => {
    switch (c.cmd) {
      case 'init':
        init(c);
        send({ type: 'ready' });
        return;
      case 'hold':
        return hold(c);
      case 'release':
        return release();
      case 'stream':
        return stream(c);
      case 'exit':
        release();
        scheduler.stop();
        process.exit(0);
    }
  };
  run().catch((e: unknown) => {
    console.error('sim-worker:', e);
    process.exit(1);
  });
});
