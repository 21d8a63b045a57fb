/**
 * The automatic audit's speed (issue 4): minute records audited per second on one core including the
 * fence check, the time a province-day of 4.8 million minutes takes, and the time to re-audit one
 * city-month after a rule change, on PGlite and (when reachable) PostgreSQL in a fresh database.
 *
 * bench/ never imports apps/*: the measuring runs in apps/server/src/modules/training-hours/
 * audit-measure.ts as its own process, which prints one JSON line; this file prints and stores it.
 * Knobs: AUDIT_BENCH_PROVINCE_MINUTES (4800000), AUDIT_BENCH_TERMINALS (100 cars × 4 trainees),
 * AUDIT_BENCH_DAYS (30), BENCH_DB (pglite,postgres), BENCH_POSTGRES_URL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase, postgresAdminUrl } from './lib/scratch-database.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const worker = path.join(root, 'apps/server/src/modules/training-hours/audit-measure.ts');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const machine = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
const databases = (process.env.BENCH_DB ?? 'pglite,postgres').split(',').map((s) => s.trim());

type Figures = {
  pure: { minutes: number; auditSeconds: number; minutesPerSecond: number; validShare: number };
  reaudit: {
    database: string;
    sessions: number;
    minutes: number;
    generateSeconds: number;
    firstAuditSeconds: number;
    reauditSeconds: number;
    reauditMinutesPerSecond: number;
    logsMarkedForReaudit: number;
  };
};

function run(env: Record<string, string>): Figures {
  const out = spawnSync(tsx, [worker], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (out.status !== 0) throw new Error(`audit-measure failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Figures;
}

const results: Figures[] = [];
for (const database of databases) {
  if (database === 'postgres') {
    const pgDb = await createScratchDatabase('jiapei_audit_bench');
    if (!pgDb) {
      console.log(`postgres unreachable at ${postgresAdminUrl}: skipped`);
      continue;
    }
    try {
      results.push(run({ AUDIT_BENCH_DATABASE_URL: pgDb.url }));
    } finally {
      await pgDb.drop();
    }
  } else {
    results.push(run({}));
  }
}

console.log(`audit · commit ${commit} · ${machine}`);
for (const r of results) {
  const p = r.pure;
  console.log(
    `pure audit (one core, fence incl.): ${p.minutesPerSecond.toLocaleString('en')} minutes/s; ` +
      `province-day of ${p.minutes.toLocaleString('en')} minutes in ${p.auditSeconds.toFixed(2)} s`,
  );
  const q = r.reaudit;
  console.log(
    `${q.database}: city-month of ${q.minutes.toLocaleString('en')} minutes / ${q.sessions} sessions — ` +
      `first audit ${q.firstAuditSeconds.toFixed(1)} s, re-audit after a rule change ${q.reauditSeconds.toFixed(1)} s ` +
      `(${q.reauditMinutesPerSecond.toLocaleString('en')} minutes/s)`,
  );
}
const file = path.join(here, 'results', `audit-${new Date().toISOString().replaceAll(':', '-')}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify({ commit, machine, results }, null, 2));
console.log(`wrote ${path.relative(root, file)}`);
