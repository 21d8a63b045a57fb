/**
 * Gateway figures (issue 3, "Speed"): the server runs as its own process, exactly as `npm start` runs it
 * (ROLE all, no demo fleet, signatures off), on PostgreSQL and on PGlite, with a fleet of synthetic cars
 * filed by apps/server/src/cli/load-fleet.ts. The terminals are the project's simulator (SimTerminal)
 * in several child processes (bench/lib/sim-worker.ts), connecting from several 127.0.0.x addresses.
 * Measures; never asserts.
 *
 *   a. concurrent terminals held: connect + 0x0100 + 0x0102 N terminals, keep them, read the server's
 *      connection gauge and RSS → memory per connection;
 *   b. 0x0200 persisted per second with zero loss: a sustained stream at each offered rate, then the
 *      queue drains; messages sent vs 0x8001 acks vs rows written;
 *   c. p50/p99 from frame sent to 0x8001 received at 10,000 msg/s (and at the rates of b); the server's
 *      own read→answer histogram alongside;
 *   d. PostgreSQL only: raw `\copy` of as many rows into a scratch copy of `positions`, so ingestion
 *      reads as a fraction of the physical limit.
 *
 *   npm run bench                                  # every bench; BENCH_ONLY=gateway for this one
 *   BENCH_DB=postgres BENCH_GATEWAY_CONNECTIONS=5000 BENCH_GATEWAY_RATE=20000 npm run bench
 *
 * Knobs: BENCH_DB (pglite,postgres), BENCH_POSTGRES_URL, BENCH_GATEWAY_CONNECTIONS (20000),
 * BENCH_GATEWAY_PER_WORKER (5000 terminals per simulator process), BENCH_GATEWAY_RATE (offered msg/s for
 * b, comma list: 20000), BENCH_GATEWAY_RATE_CARS (2000), BENCH_GATEWAY_SECONDS (20),
 * BENCH_GATEWAY_LATENCY_RATE (10000), BENCH_GATEWAY_LATENCY_SECONDS (10), BENCH_GATEWAY_ADDRESSES (8),
 * BENCH_GATEWAY_PROTOCOL (jiapei | 2013).
 */
import { execFileSync, fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { count, merge, quantile, type Histogram } from './lib/latency.ts';
import {
  bucketQuantile,
  cpuSeconds,
  cpuByPid,
  cpuUsedBetween,
  histogramBuckets,
  metric,
  openFileLimit,
  rssBytes,
} from './lib/proc.ts';
import type { Command, HoldReport, Report, StreamReport } from './lib/sim-worker.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const settings = {
  connections: Number(env.BENCH_GATEWAY_CONNECTIONS ?? 20_000),
  perWorker: Number(env.BENCH_GATEWAY_PER_WORKER ?? 5_000),
  rates: (env.BENCH_GATEWAY_RATE ?? '20000').split(',').map(Number),
  rateCars: Number(env.BENCH_GATEWAY_RATE_CARS ?? 2_000),
  seconds: Number(env.BENCH_GATEWAY_SECONDS ?? 20),
  latencyRate: Number(env.BENCH_GATEWAY_LATENCY_RATE ?? 10_000),
  latencySeconds: Number(env.BENCH_GATEWAY_LATENCY_SECONDS ?? 10),
  addresses: Number(env.BENCH_GATEWAY_ADDRESSES ?? 8),
  protocol: (env.BENCH_GATEWAY_PROTOCOL ?? 'jiapei') as 'jiapei' | '2013',
  signaturePolicy: 'off',
};
const postgresAdminUrl = env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const wanted = (env.BENCH_DB ?? 'postgres,pglite').split(',') as Array<'pglite' | 'postgres'>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

type Db = 'pglite' | 'postgres';

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function postgresReachable(): Promise<boolean> {
  return withAdmin(async () => true).catch(() => false);
}

/** A fresh database (PostgreSQL: created and later dropped; PGlite: a temp DATA_DIR). */
async function prepareDatabase(db: Db) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiapei-gwbench-'));
  const dbEnv: NodeJS.ProcessEnv = { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete dbEnv.DATABASE_URL;
  let url: string | null = null;
  const name = `jiapei_gwbench_${process.pid}`;
  if (db === 'postgres') {
    await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    const u = new URL(postgresAdminUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    dbEnv.DATABASE_URL = url;
  }
  return {
    env: dbEnv,
    dataDir,
    url,
    async drop() {
      if (db === 'postgres') await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function loadFleet(dbEnv: NodeJS.ProcessEnv, cars: number, out: string) {
  const started = Date.now();
  const run = spawnSync(
    path.join(root, 'node_modules/.bin/tsx'),
    [
      path.join(root, 'apps/server/src/cli/load-fleet.ts'),
      '--cars',
      String(cars),
      '--out',
      out,
      '--protocol',
      settings.protocol,
    ],
    { cwd: root, env: dbEnv, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`load-fleet failed: ${run.stderr || run.stdout}`);
  return Date.now() - started;
}

async function startServer(dbEnv: NodeJS.ProcessEnv, port: number, gatewayPort: number, logFile: string) {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: {
      ...dbEnv,
      ROLE: 'all',
      PORT: String(port),
      GATEWAY_PORT: String(gatewayPort),
      DEMO_FLEET: 'false',
      DEMO_BANK: 'false',
      DEMO_POLICE: 'false',
      SIGNATURE_POLICY: settings.signaturePolicy,
      LOG_LEVEL: 'warn',
      // Held terminals send a heartbeat every 30 s; the default idle timeout (180 s) is fine, but a
      // slow hold phase on PGlite must not lose the first terminals before the last are in.
      GATEWAY_IDLE_TIMEOUT_S: '900',
    },
    stdio: ['ignore', log, log],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy');
    await sleep(300);
  }
  return {
    child,
    pid: child.pid!,
    base,
    metrics: async () => (await fetch(`${base}/api/metrics`)).text(),
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      fs.closeSync(log);
    },
  };
}

/** A simulator child process and a way to send it a command and await its next report. */
function startWorker(): { child: ChildProcess; ask: <R extends Report>(c: Command) => Promise<R> } {
  const child = fork(path.join(root, 'bench/lib/sim-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const queue: Array<(r: Report) => void> = [];
  child.on('message', (r: Report) => queue.shift()?.(r));
  child.on('exit', (code) => {
    for (const waiter of queue.splice(0)) waiter({ type: 'released' });
    if (code) console.error(`simulator worker exited with ${code}`);
  });
  return {
    child,
    ask: <R extends Report>(c: Command) =>
      new Promise<R>((resolve) => {
        queue.push(resolve as (r: Report) => void);
        child.send(c);
      }),
  };
}

async function waitForGauge(server: { metrics: () => Promise<string> }, target: number, ms: number) {
  const deadline = Date.now() + ms;
  let value = NaN;
  while (Date.now() < deadline) {
    value = metric(await server.metrics(), 'jiapei_gateway_connections');
    if (value <= target) return value;
    await sleep(250);
  }
  return value;
}

/**
 * Polls until the telemetry queue is empty and the rows-written counter stops moving. Returns whether
 * it drained and when (epoch ms) the counter last moved: the moment the last row was written, ±100 ms.
 */
async function waitForDrain(server: { metrics: () => Promise<string> }, ms: number) {
  const deadline = Date.now() + ms;
  let last = -1;
  let lastMovedAt = Date.now();
  let stable = 0;
  while (Date.now() < deadline) {
    const text = await server.metrics();
    const depth = metric(text, 'jiapei_telemetry_queue_depth');
    const rows = metric(text, 'jiapei_telemetry_rows_written_total', { table: 'positions' });
    if (depth === 0 && rows === last) {
      if (++stable >= 3) return { drained: true, lastRowAt: lastMovedAt };
    } else {
      stable = 0;
      if (rows !== last) lastMovedAt = Date.now();
    }
    last = rows;
    await sleep(100);
  }
  return { drained: false, lastRowAt: lastMovedAt };
}

type Workers = ReturnType<typeof startWorker>[];

async function holdPhase(server: Awaited<ReturnType<typeof startServer>>, workers: Workers, logFile: string) {
  const rssBefore = rssBytes(server.pid) ?? 0;
  const cpuBefore = cpuSeconds(server.pid);
  const started = performance.now();
  const reports = await Promise.all(workers.map((w) => w.ask<HoldReport>({ cmd: 'hold', concurrency: 100 })));
  const handshakeS = (performance.now() - started) / 1000;
  await sleep(3000);
  const text = await server.metrics();
  const held = metric(text, 'jiapei_gateway_connections');
  const rssAfter = rssBytes(server.pid) ?? 0;
  const serverLog = fs.readFileSync(logFile, 'utf8');
  const errors: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  const result = {
    attempted: reports.reduce((s, r) => s + r.attempted, 0),
    authenticated: reports.reduce((s, r) => s + r.authenticated, 0),
    heldByServer: held,
    handshakeSeconds: Math.round(handshakeS * 10) / 10,
    handshakesPerSecond: Math.round(reports.reduce((s, r) => s + r.authenticated, 0) / handshakeS),
    serverCpuSeconds: Math.round((cpuSeconds(server.pid) - cpuBefore) * 10) / 10,
    rssBeforeMiB: mib(rssBefore),
    rssAfterMiB: mib(rssAfter),
    memoryPerConnectionKiB: held > 0 ? Math.round((rssAfter - rssBefore) / held / 102.4) / 10 : null,
    accepted: metric(text, 'jiapei_gateway_connections_accepted_total'),
    closedByReason: Object.fromEntries(
      ['peer', 'idle', 'replaced', 'abusive', 'shutdown', 'error'].map((reason) => [
        reason,
        metric(text, 'jiapei_gateway_connections_closed_total', { reason }),
      ]),
    ),
    serverEmfileLogLines: (serverLog.match(/EMFILE/g) ?? []).length,
    simulatorErrors: errors,
  };
  await Promise.all(workers.map((w) => w.ask({ cmd: 'release' })));
  await waitForGauge(server, 0, 60_000);
  return result;
}

async function rowsStored(url: string | null, text: string): Promise<number> {
  if (!url) return metric(text, 'jiapei_telemetry_rows_written_total', { table: 'positions' });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query('SELECT count(*)::int AS n FROM positions')).rows[0].n);
  } catch {
    return NaN;
  } finally {
    await c.end();
  }
}

let fixBase = Math.floor(Date.now() / 1000) * 1000 - 30 * 86_400_000;

async function streamPhase(
  server: Awaited<ReturnType<typeof startServer>>,
  workers: Workers,
  url: string | null,
  rate: number,
  seconds: number,
) {
  const before = await server.metrics();
  const rowsBefore = await rowsStored(url, before);
  const cpu0 = {
    server: cpuSeconds(server.pid),
    sim: workers.reduce((s, w) => s + cpuSeconds(w.child.pid!), 0),
    postgres: url ? cpuByPid('postgres') : new Map<number, number>(),
  };
  const loadBefore = os.loadavg()[0]!;
  const base = fixBase;
  // The next phase's fixes start after every fix this one can produce (at most `seconds × rate` per car).
  fixBase += Math.ceil((rate * seconds) / Math.max(1, settings.rateCars) + 10) * 1000 * 2;
  const started = performance.now();
  const reports = await Promise.all(
    workers.map((w) =>
      w.ask<StreamReport>({
        cmd: 'stream',
        cars: Math.ceil(settings.rateCars / workers.length),
        rate: rate / workers.length,
        seconds,
        fixBase: base,
        ackGraceMs: 20_000,
      }),
    ),
  );
  const { drained, lastRowAt } = await waitForDrain(server, 180_000);
  const doneS = (performance.now() - started) / 1000;
  const firstSendAt = Math.min(...reports.map((r) => r.sendStartedAt));
  const ingestS = Math.max(0.001, (lastRowAt - firstSendAt) / 1000);
  const after = await server.metrics();
  const rowsAfter = await rowsStored(url, after);
  const cpu1 = {
    server: cpuSeconds(server.pid),
    sim: workers.reduce((s, w) => s + cpuSeconds(w.child.pid!), 0),
    postgres: url ? cpuByPid('postgres') : new Map<number, number>(),
  };
  const latency: Histogram = {};
  for (const r of reports) merge(latency, r.latency);
  const sent = reports.reduce((s, r) => s + r.sent, 0);
  const acks = reports.reduce((s, r) => s + r.acks, 0);
  const rows = rowsAfter - rowsBefore;
  const sendS = Math.max(...reports.map((r) => r.sendMs)) / 1000;
  const frameBefore = histogramBuckets(before, 'jiapei_gateway_frame_seconds');
  const frameAfter = histogramBuckets(after, 'jiapei_gateway_frame_seconds');
  const errors: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
  const diff = (name: string, labels?: Record<string, string>) =>
    metric(after, name, labels) - metric(before, name, labels);
  return {
    offeredRate: rate,
    seconds,
    cars: reports.reduce((s, r) => s + r.loggedOn, 0),
    sent,
    skippedBySimulator: reports.reduce((s, r) => s + r.skipped, 0),
    sentPerSecond: Math.round(sent / sendS),
    acks,
    nacks: reports.reduce((s, r) => s + r.nacks, 0),
    rowsWritten: rows,
    lost: sent - rows,
    drained,
    /** Rows written ÷ time from the first send until the last row was written (queue drained). */
    persistedPerSecond: Math.round(rows / ingestS),
    ingestSeconds: Math.round(ingestS * 10) / 10,
    latencyMs: {
      samples: count(latency),
      p50: round2(quantile(latency, 0.5)),
      p99: round2(quantile(latency, 0.99)),
      max: round2(quantile(latency, 1)),
    },
    /** The server's own read→answer histogram (bucket upper bounds). */
    serverFrameMs: {
      p50: msOf(bucketQuantile(frameBefore, frameAfter, 0.5)),
      p99: msOf(bucketQuantile(frameBefore, frameAfter, 0.99)),
    },
    dropped: diff('jiapei_telemetry_dropped_total'),
    duplicates: diff('jiapei_telemetry_duplicate_positions_total'),
    backpressurePauses: diff('jiapei_gateway_backpressure_pauses_total'),
    throttled: diff('jiapei_gateway_throttled_total'),
    writeErrors: diff('jiapei_telemetry_write_errors_total'),
    /** Mean time of one batch write by the server's (single) telemetry writer, ms. */
    writerBatchMs: Object.fromEntries(
      ['positions', 'terminal_status'].map((table) => {
        const n = diff('jiapei_telemetry_batch_write_seconds_count', { table });
        const sum = diff('jiapei_telemetry_batch_write_seconds_sum', { table });
        return [table, n > 0 ? { batches: n, meanMs: Math.round((sum / n) * 10000) / 10 } : null];
      }),
    ),
    /**
     * Server CPU per 1,000 messages sent: the cost of the gateway path itself, which other jobs on the
     * machine disturb far less than the rates and latencies above.
     */
    serverCpuMsPer1000: sent > 0 ? Math.round(((cpu1.server - cpu0.server) * 1e7) / sent) / 10 : null,
    /** 1-minute load average before and after the phase (other jobs on the machine skew everything). */
    loadAverage: [round2(loadBefore), round2(os.loadavg()[0]!)],
    cpuPercent: {
      server: Math.round(((cpu1.server - cpu0.server) / doneS) * 100),
      simulator: Math.round(((cpu1.sim - cpu0.sim) / doneS) * 100),
      postgres: Math.round((cpuUsedBetween(cpu0.postgres, cpu1.postgres) / doneS) * 100),
    },
    simulatorErrors: errors,
  };
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const msOf = (s: number | null) => (s === null ? null : s === Infinity ? '>1000' : s * 1000);

/** PostgreSQL's physical limit for the same rows: `\copy` into a scratch copy of `positions`. */
async function copyPhase(url: string, rows: number, dir: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const ids = (
      await c.query<{ id: string }>(
        `SELECT id FROM terminals WHERE maker = 'LOADTEST' ORDER BY terminal_number`,
      )
    ).rows.map((r) => r.id);
    const cars = Math.min(ids.length, settings.rateCars);
    const csv = path.join(dir, 'positions.csv');
    const out = fs.openSync(csv, 'w');
    const t0 = Date.UTC(2026, 0, 1);
    const received = new Date().toISOString();
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      const fix = new Date(t0 + Math.floor(i / cars) * 1000).toISOString();
      chunk.push(
        `${ids[i % cars]},${fix},${received},36.6${i % 10000},117.0${i % 10000},45,42.5,${i % 360},0,262147,f`,
      );
      if (chunk.length === 10_000) {
        fs.writeSync(out, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length) fs.writeSync(out, chunk.join('\n') + '\n');
    fs.closeSync(out);
    await c.query('DROP TABLE IF EXISTS positions_copy');
    // Same columns, defaults, checks, primary key and foreign key as the real table: the same work per row.
    await c.query('CREATE TABLE positions_copy (LIKE positions INCLUDING ALL)');
    await c.query('ALTER TABLE positions_copy ADD FOREIGN KEY (terminal_id) REFERENCES terminals (id)');
    const started = performance.now();
    const run = spawnSync(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy positions_copy (terminal_id, fix_time, received_at, latitude, longitude, altitude, speed_kmh, direction, alarm, status_bits, blind) FROM '${csv}' WITH (FORMAT csv)`,
      ],
      { encoding: 'utf8' },
    );
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`psql \\copy failed: ${run.stderr}`);
    const copied = Number((await c.query('SELECT count(*)::int AS n FROM positions_copy')).rows[0].n);
    await c.query('DROP TABLE positions_copy');
    fs.rmSync(csv);
    return {
      rows: copied,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(copied / seconds),
    };
  } finally {
    await c.end();
  }
}

async function benchDatabase(db: Db, index: number) {
  const prepared = await prepareDatabase(db);
  const fleetFile = path.join(prepared.dataDir, 'load-fleet.json');
  const logFile = path.join(prepared.dataDir, 'server.log');
  const cars = Math.max(settings.connections, settings.rateCars);
  console.log(`\n--- ${db}: filing ${cars} load cars`);
  const loadFleetMs = loadFleet(prepared.env, cars, fleetFile);
  const server = await startServer(prepared.env, 18600 + index * 10, 17600 + index * 10, logFile);
  const gatewayPort = 17600 + index * 10;
  const workerCount = Math.max(2, Math.ceil(settings.connections / settings.perWorker));
  const workers = Array.from({ length: workerCount }, startWorker);
  const addresses = Array.from({ length: settings.addresses }, (_, i) => `127.0.0.${i + 2}`);
  const per = Math.ceil(settings.connections / workerCount);
  const result: Record<string, unknown> = { db, loadFleetMs, workers: workerCount };
  try {
    await Promise.all(
      workers.map((w, i) =>
        w.ask({
          cmd: 'init',
          fleetFile,
          from: i * per,
          to: Math.min((i + 1) * per, cars),
          host: '127.0.0.1',
          port: gatewayPort,
          addresses,
          replyTimeoutSec: 20,
        }),
      ),
    );
    console.log(`${db}: holding ${settings.connections} terminals from ${workerCount} simulator processes`);
    const hold = await holdPhase(server, workers, logFile);
    result.hold = hold;
    console.log(
      `${db}: held ${hold.heldByServer} of ${hold.attempted} (${hold.handshakesPerSecond} handshakes/s), ` +
        `RSS ${hold.rssBeforeMiB} → ${hold.rssAfterMiB} MiB, ${hold.memoryPerConnectionKiB} KiB/connection, ` +
        `server EMFILE log lines ${hold.serverEmfileLogLines}, simulator errors ${JSON.stringify(hold.simulatorErrors)}`,
    );
    const streams = [];
    for (const rate of settings.rates) {
      const s = await streamPhase(server, workers, prepared.url, rate, settings.seconds);
      streams.push(s);
      console.log(`${db}: offered ${rate}/s →`, JSON.stringify(s));
    }
    result.throughput = streams;
    const latency = await streamPhase(
      server,
      workers,
      prepared.url,
      settings.latencyRate,
      settings.latencySeconds,
    );
    result.latency = latency;
    console.log(`${db}: offered ${settings.latencyRate}/s →`, JSON.stringify(latency));
  } finally {
    for (const w of workers) w.child.send({ cmd: 'exit' } satisfies Command);
    await server.stop();
  }
  if (prepared.url) {
    const best = Math.max(
      ...((result.throughput as { rowsWritten: number }[]) ?? []).map((s) => s.rowsWritten),
      100_000,
    );
    result.copy = await copyPhase(prepared.url, best, prepared.dataDir);
    console.log(`${db}: \\copy ${JSON.stringify(result.copy)}`);
  }
  await prepared.drop();
  return result;
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
})();
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
  kernel: os.release(),
  node: process.version,
  openFiles: openFileLimit(),
};
console.log(`commit ${commit}, ${machine.cpus} × ${machine.cpuModel}, ${machine.openFiles}`);
console.log(`settings ${JSON.stringify(settings)}`);

const results: Record<string, unknown>[] = [];
for (const [i, db] of wanted.entries()) {
  if (db === 'postgres' && !(await postgresReachable())) {
    console.log(`postgres: not reachable at ${postgresAdminUrl}, skipped`);
    continue;
  }
  try {
    results.push(await benchDatabase(db, i));
  } catch (e) {
    console.error(`${db}: bench failed:`, e);
    results.push({ db, failed: String(e) });
  }
}

printTable(results);
const out = path.join(
  root,
  'bench/results',
  `gateway-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
fs.writeFileSync(out, JSON.stringify({ commit, machine, settings, results }, null, 2));
console.log(`wrote ${path.relative(root, out)}`);
process.exit(0);

function printTable(rows: Record<string, unknown>[]) {
  type S = Awaited<ReturnType<typeof streamPhase>>;
  type H = Awaited<ReturnType<typeof holdPhase>>;
  console.log('\n=== gateway');
  for (const r of rows) {
    if (r.failed) {
      console.log(`${String(r.db).padEnd(9)} failed: ${String(r.failed)}`);
      continue;
    }
    const h = r.hold as H;
    console.log(
      `${String(r.db).padEnd(9)} held ${h.heldByServer}/${h.attempted} terminals   ` +
        `${h.memoryPerConnectionKiB} KiB per connection   ${h.handshakesPerSecond} logons/s`,
    );
    for (const s of [...(r.throughput as S[]), r.latency as S]) {
      console.log(
        `${''.padEnd(9)} offered ${String(s.offeredRate).padStart(6)}/s: sent ${String(s.sentPerSecond).padStart(6)}/s, ` +
          `persisted ${String(s.persistedPerSecond).padStart(6)}/s, lost ${s.lost}, dropped ${s.dropped}, ` +
          `RTT p50 ${s.latencyMs.p50} ms p99 ${s.latencyMs.p99} ms (server p99 ≤ ${s.serverFrameMs.p99} ms), ` +
          `CPU server ${s.cpuPercent.server}% sim ${s.cpuPercent.simulator}% pg ${s.cpuPercent.postgres}%, ` +
          `server ${s.serverCpuMsPer1000} ms CPU per 1,000 msgs, load ${s.loadAverage.join('→')}`,
      );
    }
    if (r.copy) {
      const c = r.copy as { rowsPerSecond: number; rows: number };
      const best = Math.max(...(r.throughput as S[]).map((s) => s.persistedPerSecond));
      console.log(
        `${''.padEnd(9)} \\copy ${c.rows} rows: ${c.rowsPerSecond}/s; ingestion at ${Math.round((best / c.rowsPerSecond) * 100)} % of it`,
      );
    }
  }
}
