/**
 * JT/T 808 codec figures: runs the package's own micro-benchmark (packages/jt808/bench) in a separate
 * process, prints its table and writes results/codec-<time>.json. Measures; never asserts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'packages/jt808/bench/codec.bench.ts');
const tsx = path.join(root, 'node_modules/.bin/tsx');

const output = execFileSync(tsx, [script, '--json'], { cwd: root, encoding: 'utf8' });
const report = JSON.parse(output) as {
  machine: string;
  results: { name: string; opsPerSec: number; nsPerOp: number }[];
};
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

console.log(`codec · commit ${commit} · ${report.machine} · one core`);
for (const r of report.results) {
  const ops = r.opsPerSec.toLocaleString('en-US').padStart(11);
  console.log(`  ${r.name.padEnd(62)} ${ops} ops/s ${String(r.nsPerOp).padStart(6)} ns/op`);
}
const file = path.join(root, 'bench/results', `codec-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify({ ...report, commit }, null, 2));
console.log(`wrote ${path.relative(root, file)}`);
