/**
 * HTTP load figures: requests per second and p50/p99 latency of GET /api/health and GET /api/public/schools
 * under concurrent load, on PGlite and (when reachable) PostgreSQL. The server runs as its own process,
 * exactly as `npm start` runs it, with the demo region seeded. Measures; never asserts.
 *
 *   npm run bench                      # both databases
 *   BENCH_DB=pglite npm run bench      # one
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=50 npm run bench
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchDatabase, postgresAdminUrl } from './lib/scratch-database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const targets = [
  { name: 'health', path: '/api/health' },
  { name: 'public-schools', path: '/api/public/schools?page=2&pageSize=20' },
  { name: 'public-schools-filtered', path: '/api/public/schools?countyCode=370112&licenceClass=C1' },
];

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
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

async function startServer(db: 'pglite' | 'postgres', port: number) {
  // Only the API edge, and no simulators or sandboxes: they would compete for the cores being measured.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    ROLE: 'api',
    DEMO_FLEET: 'false',
    DEMO_BANK: 'false',
    DEMO_POLICE: 'false',
  };
  let cleanup = async () => {};
  if (db === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiapei-bench-'));
    env.DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const scratch = await createScratchDatabase('jiapei_bench');
    if (!scratch) throw new Error(`PostgreSQL unreachable at ${postgresAdminUrl}`);
    env.DATABASE_URL = scratch.url;
    env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'jiapei-bench-'));
    cleanup = scratch.drop;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child);
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await cleanup();
    },
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

const wanted = (process.env.BENCH_DB ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
})();
const results: unknown[] = [];
console.log(
  `commit ${commit}, ${os.cpus().length} cores, ${seconds}s per target, ${connections} connections`,
);
for (const db of wanted) {
  if (db === 'postgres' && !(await postgresReachable())) {
    console.log(`postgres: not reachable at ${postgresAdminUrl}, skipped`);
    continue;
  }
  const server = await startServer(db, 18500 + results.length);
  try {
    for (const t of targets) {
      const r = await autocannon({ url: server.base + t.path, connections, duration: seconds });
      const row = {
        db,
        target: t.name,
        path: t.path,
        requestsPerSecond: Math.round(r.requests.average),
        latencyP50Ms: r.latency.p50,
        latencyP99Ms: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
      };
      results.push(row);
      console.log(
        `${db.padEnd(8)} ${t.name.padEnd(24)} ${String(row.requestsPerSecond).padStart(7)} req/s   p50 ${row.latencyP50Ms} ms   p99 ${row.latencyP99Ms} ms   non-2xx ${row.non2xx}`,
      );
    }
  } finally {
    await server.stop();
  }
}
const out = path.join(root, 'bench/results', `http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(
  out,
  JSON.stringify({ commit, cores: os.cpus().length, seconds, connections, results }, null, 2),
);
console.log(`wrote ${path.relative(root, out)}`);
