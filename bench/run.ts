/**
 * `npm run bench`: every benchmark in this folder, one after another, each in its own process so one
 * cannot skew the next. BENCH_ONLY=codec,http picks some. Benchmarks measure and print; never assert.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const benches = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((name) => !only || only.includes(name))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench ${name}`);
  const run = spawnSync(path.join(here, '../node_modules/.bin/tsx'), [path.join(here, `${name}.bench.ts`)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.error(`bench ${name} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
