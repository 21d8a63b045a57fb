/**
 * Codec micro-benchmark (ARCHITECTURE §B12: measures, never asserts). Prints ops/s (median of 5 rounds) on one core for
 * decode and encode of a 0x0200 location report and a 0x0203 minute record (in 0x0900, 校验串 included).
 *   npx tsx packages/jt808/bench/codec.bench.ts [--json]
 * With --json the figures are printed as one JSON object (for bench/results/).
 */
import { cpus } from 'node:os';
import { decode, encode, type DecodedMessage, type EncodeInput } from '../src/index.ts';
import { fixture } from '../test/helpers.ts';

/** ops/s of one timed round. */
function round(fn: () => unknown, ms: number): number {
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
    now = process.hrtime.bigint();
  }
  return (ops / Number(now - start)) * 1e9;
}

/** Median of 5 rounds of 400 ms after a warm-up: shared CI machines are noisy. */
function measure(name: string, fn: () => unknown): { name: string; opsPerSec: number; nsPerOp: number } {
  round(fn, 300);
  const rounds = Array.from({ length: 5 }, () => round(fn, 400)).sort((a, b) => a - b);
  const median = rounds[2]!;
  return { name, opsPerSec: Math.round(median), nsPerOp: Math.round(1e9 / median) };
}

const cases: [string, Uint8Array][] = [
  ['0x0200 location report (2013 header, 5 items)', fixture('0x0200-location-report-2013.hex')],
  ['0x0200 location report (驾培 header)', fixture('0x0200-location-report-jiapei.hex')],
  ['0x0203 minute record (0x0900, 397-byte body)', fixture('0x0900-ext-0x0203-minute-record.hex')],
];

const results = [];
for (const [name, frame] of cases) {
  const decoded = decode(frame) as DecodedMessage;
  if (!decoded.ok) throw new Error(`${name} does not decode`);
  const input = { header: decoded.header, body: decoded.body } as EncodeInput;
  results.push(measure(`decode ${name}`, () => decode(frame)));
  results.push(measure(`encode ${name}`, () => encode(input)));
}

const machine = `node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} · ${cpus().length} cores`;
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ bench: 'jt808-codec', at: new Date().toISOString(), machine, results }));
  process.exit(0);
}
console.log(`${machine} · measured on one core`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(62)} ${r.opsPerSec.toLocaleString('en-US').padStart(11)} ops/s ${String(r.nsPerOp).padStart(6)} ns/op`,
  );
}
