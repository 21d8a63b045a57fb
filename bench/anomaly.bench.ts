/**
 * Anomaly scoring of a province-day (issue 6): ~80,000 sessions, 4.8 million positions and as many
 * minute records, six photos a session, stored in a fresh database, then the bulk re-scoring (load +
 * detect + store, the code behind POST /api/regulator/anomalies/rescore) timed end to end. Goal: under
 * 2 minutes.
 *
 * bench/ never imports apps/*: the measuring runs in apps/server/src/modules/anomaly/anomaly-measure.ts
 * as its own process, which prints one JSON line; this file prints and stores it.
 * Knobs: ANOMALY_BENCH_CARS (8000) × ANOMALY_BENCH_SESSIONS_PER_CAR (10) sessions of 60 minutes,
 * ANOMALY_BENCH_BATCH (2000 sessions per transaction), BENCH_DB (postgres; pglite for a small run),
 * BENCH_POSTGRES_URL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, postgresAdminUrl } from './lib/scratch-database.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const worker = path.join(root, 'apps/server/src/modules/anomaly/anomaly-measure.ts');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const machine = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
// A province-day does not fit PGlite's single in-process connection in reasonable time; it is opt-in.
const databases = (process.env.BENCH_DB ?? 'postgres').split(',').map((s) => s.trim());

type Figures = {
  database: string;
  sessions: number;
  positions: number;
  minutes: number;
  photos: number;
  batchSize: number;
  generateSeconds: Record<string, number>;
  scoreSeconds: number;
  sessionsPerSecond: number;
  nodeCpuSeconds: number;
  databaseCpuSeconds: number;
  phases: { loadSeconds: number; detectSeconds: number; storeSeconds: number };
  run: { sessions: number; batches: number; flagged: number; levels: Record<string, number> };
  findings: number;
  fingerprints: number;
  events: number;
  sessionsByDetector: Record<string, number>;
};

function run(env: Record<string, string>): Figures {
  const out = spawnSync(tsx, [worker], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (out.status !== 0) throw new Error(`anomaly-measure failed (${out.status})`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Figures;
}

const loadBefore = os.loadavg();
const results: Figures[] = [];
for (const database of databases) {
  if (database === 'postgres') {
    const scratch = await createScratchDatabase('jiapei_anomaly_bench');
    if (!scratch) {
      console.log(`postgres unreachable at ${postgresAdminUrl}: skipped`);
      continue;
    }
    try {
      results.push(run({ ANOMALY_BENCH_DATABASE_URL: scratch.url }));
    } finally {
      await scratch.drop();
    }
  } else {
    results.push(run({}));
  }
}
const loadAfter = os.loadavg();

console.log(
  `anomaly · commit ${commit} · ${machine} · load average ${loadBefore[0]!.toFixed(1)} → ${loadAfter[0]!.toFixed(1)}`,
);
for (const r of results) {
  const gen = Object.values(r.generateSeconds).reduce((a, b) => a + b, 0);
  console.log(
    `${r.database}: ${r.sessions.toLocaleString('en')} sessions, ${r.positions.toLocaleString('en')} positions, ` +
      `${r.minutes.toLocaleString('en')} minute records, ${(r.photos ?? 0).toLocaleString('en')} photos (generated in ${gen.toFixed(0)} s)`,
  );
  console.log(
    `  bulk scoring: ${r.scoreSeconds.toFixed(1)} s end to end (${r.sessionsPerSecond.toLocaleString('en')} sessions/s, ` +
      `batches of ${r.batchSize}); load ${r.phases.loadSeconds.toFixed(1)} s · detect ${r.phases.detectSeconds.toFixed(1)} s · ` +
      `store ${r.phases.storeSeconds.toFixed(1)} s; CPU: node ${r.nodeCpuSeconds.toFixed(1)} s + database ` +
      `${r.databaseCpuSeconds.toFixed(1)} s`,
  );
  console.log(
    `  levels ${JSON.stringify(r.run.levels)}; flagged ${r.run.flagged} (events ${r.events}); findings ${r.findings}; ` +
      `fingerprints ${r.fingerprints}; sessions by detector ${JSON.stringify(r.sessionsByDetector)}`,
  );
}

fs.mkdirSync(path.join(here, 'results'), { recursive: true });
const file = path.join(here, 'results', `anomaly-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(
  file,
  JSON.stringify(
    { commit, machine, loadAverage: { before: loadBefore, after: loadAfter }, results },
    null,
    2,
  ),
);
console.log(`written ${path.relative(root, file)}`);
