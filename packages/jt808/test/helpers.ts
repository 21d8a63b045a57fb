import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromHex } from '../src/index.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/**
 * Read a `.hex` fixture: `#` starts a comment, whitespace is ignored, and `hh*N` repeats byte hh N times
 * (for the 256-byte signatures). The result is the frame exactly as on the wire.
 */
export function parseFixture(text: string): Uint8Array {
  let hex = '';
  for (const line of text.split('\n')) {
    for (const token of line.split('#')[0]!.split(/\s+/).filter(Boolean)) {
      const m = /^([0-9a-fA-F]{2})\*(\d+)$/.exec(token);
      hex += m ? m[1]!.repeat(Number(m[2])) : token;
    }
  }
  const bytes = fromHex(hex);
  if (!bytes) throw new Error(`fixture is not hex: ${hex.slice(0, 40)}…`);
  return bytes;
}

export function fixture(name: string): Uint8Array {
  return parseFixture(readFileSync(FIXTURES + name, 'utf8'));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.hex'))
    .sort();
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Deterministic PRNG (mulberry32) so fuzz runs are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
