/**
 * Anomaly detector evaluation: `npm run eval:anomaly -- [--cars N] [--days D] [--seed S] [--out file.json]`.
 *
 * Generates the terminal simulator's labelled data set in memory (default 620 cars × 2 days ≈ 10,800
 * sessions, about 5 % fraudulent), runs every detector and the risk score on it, prints precision and
 * recall per detector and at session level, and writes the full report (with misfire samples and the
 * thresholds used) to bench/results/anomaly-eval.json. No database, no network.
 *
 * Imports the evaluation directly, not through the anomaly module's index.ts: it pulls in the
 * simulator, which production code must never load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateDetectors, formatReport } from '../modules/anomaly/evaluation/evaluate.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const { values } = parseArgs({
  options: {
    cars: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string', default: path.join(repoRoot, 'bench/results/anomaly-eval.json') },
  },
});

const positive = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name}: a positive integer`);
    process.exit(2);
  }
  return n;
};

let lastShown = 0;
const report = evaluateDetectors({
  cars: positive('cars', values.cars),
  days: positive('days', values.days),
  seed: values.seed ?? 1,
  onProgress: (done, total) => {
    const now = performance.now();
    if (now - lastShown > 5000 || done === total) {
      lastShown = now;
      process.stderr.write(`  ${done} / ${total} sessions\n`);
    }
  },
});
console.log(formatReport(report));
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, JSON.stringify(report, null, 2));
console.log(`\nreport: ${path.relative(process.cwd(), values.out)}`);
