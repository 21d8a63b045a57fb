/**
 * School search under load: p50/p99 of GET /api/public/schools (nearest first, with a filter or two)
 * at BENCH_SEARCH_CONNECTIONS (200) concurrent clients over BENCH_SEARCH_SCHOOLS (20,000) schools, on
 * PostgreSQL (a fresh database at BENCH_POSTGRES_URL, created and dropped here) and on PGlite (a temp
 * DATA_DIR). For each: apps/server/src/cli/load-schools.ts files the schools, the server starts as its
 * own process (ROLE=api, no demo fleet), autocannon drives it with a new random point per request.
 * Measures; never asserts. Writes results/search-<time>.json.
 *
 *   BENCH_ONLY=search npm run bench
 *   BENCH_DB=postgres BENCH_SEARCH_SECONDS=30 BENCH_ONLY=search npm run bench
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchDatabase, postgresAdminUrl } from './lib/scratch-database.ts';
import { cpuSeconds } from './lib/proc.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SEARCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_SEARCH_CONNECTIONS ?? 200);
const schools = Number(process.env.BENCH_SEARCH_SCHOOLS ?? 20_000);
/**
 * Two ways to load: `saturated` (every client sends its next request as soon as the last answers: the
 * most the machine can serve, and latency is then mostly queueing, ≈ clients ÷ throughput) and `paced`
 * (each client waits a random, exponentially distributed pause averaging 1/BENCH_SEARCH_CLIENT_RATE s
 * between its requests, like people searching and reading: arrivals are then Poisson, not the
 * once-a-second bursts autocannon's rate limit sends, and latency is the service time at that load).
 */
const clientRate = Number(process.env.BENCH_SEARCH_CLIENT_RATE ?? 1);

/** A random point inside the box load-schools spreads schools over (Shandong). */
function randomPoint() {
  return { lat: (34.4 + Math.random() * 3.8).toFixed(5), lon: (114.8 + Math.random() * 7.9).toFixed(5) };
}
const scenarios = [
  {
    name: 'nearest, licenceClass=C1 & grade=2',
    path: () => {
      const p = randomPoint();
      return `/api/public/schools?lat=${p.lat}&lon=${p.lon}&licenceClass=C1&grade=2&pageSize=20`;
    },
  },
  {
    name: 'nearest, minRating=4 & price ≤ 6,000 元',
    path: () => {
      const p = randomPoint();
      return `/api/public/schools?lat=${p.lat}&lon=${p.lon}&minRating=4&maxPriceFen=600000&pageSize=20`;
    },
  },
  {
    name: 'nearest, no filter, page 3',
    path: () => {
      const p = randomPoint();
      return `/api/public/schools?lat=${p.lat}&lon=${p.lon}&page=3&pageSize=20`;
    },
  },
];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  execFileSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

async function waitForHealth(base: string, child: ChildProcess) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become healthy');
}

async function prepare(db: 'pglite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiapei-search-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    // Only the API: no gateway port to collide with, no simulators or sandboxes competing for the cores.
    ROLE: 'api',
    DEMO_FLEET: 'false',
    DEMO_BANK: 'false',
    DEMO_POLICE: 'false',
  };
  let dropDatabase = async () => {};
  delete env.DATABASE_URL;
  if (db === 'postgres') {
    const scratch = await createScratchDatabase('jiapei_search_bench');
    if (!scratch) throw new Error(`PostgreSQL unreachable at ${postgresAdminUrl}`);
    env.DATABASE_URL = scratch.url;
    dropDatabase = scratch.drop;
  }
  const started = Date.now();
  run(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/cli/load-schools.ts', '--schools', String(schools)],
    env,
  );
  const loadMs = Date.now() - started;
  return {
    env,
    loadMs,
    cleanup: async () => {
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startServer(env: NodeJS.ProcessEnv, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env: { ...env, PORT: String(port), ROLE: 'api' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child);
  return {
    base,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** `connections` clients on keep-alive sockets, each pausing Exp(1/clientRate) s between requests. */
async function paced(base: string, pathOf: () => string, durationS: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const end = Date.now() + durationS * 1000;
  const get = (url: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
  const client = async () => {
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, (-Math.log(1 - Math.random()) / clientRate) * 1000));
      if (Date.now() >= end) break;
      const t0 = performance.now();
      try {
        const status = await get(base + pathOf());
        latencies.push(performance.now() - t0);
        if (status < 200 || status > 299) non2xx++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return {
    requests: latencies.length,
    requestsPerSecond: Math.round(latencies.length / durationS),
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    non2xx,
    errors,
  };
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const wanted = (process.env.BENCH_DB ?? 'postgres,pglite').split(',') as Array<'pglite' | 'postgres'>;
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
})();
const results: unknown[] = [];
console.log(
  `commit ${commit}, ${os.cpus().length} cores, ${schools} schools, ${connections} clients, ${seconds}s per scenario`,
);
for (const db of wanted) {
  if (db === 'postgres' && !(await postgresReachable())) {
    console.log(`postgres: not reachable at ${postgresAdminUrl}, skipped`);
    continue;
  }
  const prepared = await prepare(db);
  console.log(`${db}: ${schools} schools filed in ${prepared.loadMs} ms`);
  const server = await startServer(prepared.env, 18600 + results.length);
  try {
    // A short warm-up, so JIT and the database's caches do not count against the first scenario.
    await autocannon({ url: server.base + scenarios[0]!.path(), connections: 10, duration: 3 });
    for (const [mode, s] of scenarios.flatMap(
      (sc) =>
        [
          ['saturated', sc],
          ['paced', sc],
        ] as const,
    )) {
      const cpuBefore = cpuSeconds(server.pid);
      const loadBefore = os.loadavg()[0];
      let figures: {
        requests: number;
        requestsPerSecond: number;
        p50: number;
        p99: number;
        max: number;
        non2xx: number;
        errors: number;
      };
      if (mode === 'paced') {
        figures = await paced(server.base, s.path, seconds);
      } else {
        const r = await autocannon({
          url: server.base,
          connections,
          duration: seconds,
          requests: [{ setupRequest: (req) => ({ ...req, path: s.path() }) }],
        });
        figures = {
          requests: r.requests.total,
          requestsPerSecond: Math.round(r.requests.average),
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          non2xx: r.non2xx,
          errors: r.errors,
        };
      }
      const row = {
        db,
        mode: mode === 'paced' ? `paced ${clientRate}/s per client` : mode,
        scenario: s.name,
        schools,
        connections,
        requestsPerSecond: figures.requestsPerSecond,
        latencyP50Ms: figures.p50,
        latencyP99Ms: figures.p99,
        latencyMaxMs: figures.max,
        serverCpuMsPerRequest:
          figures.requests > 0
            ? Math.round(((cpuSeconds(server.pid) - cpuBefore) * 1e6) / figures.requests) / 1e3
            : null,
        loadAverage1mBefore: loadBefore,
        non2xx: figures.non2xx,
        errors: figures.errors,
      };
      results.push(row);
      console.log(
        `${db.padEnd(8)} ${row.mode.padEnd(20)} ${s.name.padEnd(40)} ${String(row.requestsPerSecond).padStart(6)} req/s  p50 ${row.latencyP50Ms} ms  p99 ${row.latencyP99Ms} ms  server CPU ${row.serverCpuMsPerRequest} ms/req  non-2xx ${row.non2xx}`,
      );
    }
  } finally {
    await server.stop();
    await prepared.cleanup();
  }
}
const out = path.join(root, 'bench/results', `search-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  JSON.stringify(
    { commit, cores: os.cpus().length, loadavg: os.loadavg(), schools, connections, seconds, results },
    null,
    2,
  ),
);
console.log(`wrote ${path.relative(root, out)}`);
