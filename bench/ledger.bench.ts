/**
 * The escrow ledger's write speed (issue 5): journal postings per second with 32 concurrent clients
 * (goal ≥ 2,000/s on PostgreSQL) on PGlite and, when reachable, PostgreSQL in a fresh database, and the
 * invariants checked over every row afterwards (must be zero violations).
 *
 * bench/ never imports apps/*: the measuring runs in apps/server/src/modules/escrow-ledger/
 * ledger-measure.ts as its own process, which prints one JSON line; this file prints and stores it.
 * Knobs: LEDGER_BENCH_CLIENTS (32), LEDGER_BENCH_SECONDS (10), LEDGER_BENCH_SCHOOLS (100),
 * LEDGER_BENCH_CONTRACTS (8000, made before timing), BENCH_DB (pglite,postgres), BENCH_POSTGRES_URL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, postgresAdminUrl } from './lib/scratch-database.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const worker = path.join(root, 'apps/server/src/modules/escrow-ledger/ledger-measure.ts');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const machine = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
const databases = (process.env.BENCH_DB ?? 'pglite,postgres').split(',').map((s) => s.trim());

type Figures = {
  database: string;
  clients: number;
  seconds: number;
  transactions: number;
  postings: number;
  postingsPerSecond: number;
  transactionsPerSecond: number;
  retriedWrites: number;
  latencyMs: { p50: number; p99: number };
  invariantViolations: number;
  violationSamples: string[];
  invariantCheckSeconds: number;
};

function run(env: Record<string, string>): Figures {
  const out = spawnSync(tsx, [worker], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (out.status !== 0) throw new Error(`ledger-measure failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Figures;
}

const loadBefore = os.loadavg()[0]!;
const results: Figures[] = [];
for (const database of databases) {
  if (database === 'postgres') {
    const pgDb = await createScratchDatabase('jiapei_ledger_bench');
    if (!pgDb) {
      console.log(`postgres unreachable at ${postgresAdminUrl}: skipped`);
      continue;
    }
    try {
      results.push(run({ LEDGER_BENCH_DATABASE_URL: pgDb.url }));
    } finally {
      await pgDb.drop();
    }
  } else {
    results.push(run({}));
  }
}

console.log(`ledger · commit ${commit} · ${machine} · load average ${loadBefore.toFixed(1)} before`);
for (const r of results) {
  console.log(
    `${r.database.padEnd(8)} ${r.clients} clients, ${r.seconds} s: ${r.postingsPerSecond.toLocaleString('en')} postings/s ` +
      `(${r.transactionsPerSecond.toLocaleString('en')} transactions/s, ${r.postings.toLocaleString('en')} postings, ` +
      `${r.retriedWrites} retried writes posted nothing); p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms per transaction; ` +
      `invariant violations ${r.invariantViolations} (checked in ${r.invariantCheckSeconds} s)`,
  );
}
const file = path.join(here, 'results', `ledger-${new Date().toISOString().replaceAll(':', '-')}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify({ commit, machine, loadAverageBefore: loadBefore, results }, null, 2));
console.log(`wrote ${path.relative(root, file)}`);
