import { createFrameSplitter, decode, type SplitEvent } from '@jiapei/jt808';
import { describe, expect, it } from 'vitest';
import { MALFORMED_CLASSES, malformedWrite, type MalformedClass } from './malformed.ts';
import { createRng } from './rng.ts';

const ctx = { phone: '013912345678', version: '2013' as const, serial: 7 };

/** What a gateway's splitter + decoder make of one malformed write followed by a good frame. */
function observe(
  kind: MalformedClass,
  seed: number,
): { events: SplitEvent[]; decoded: ReturnType<typeof decode>[] } {
  const splitter = createFrameSplitter();
  const events: SplitEvent[] = [];
  for (const chunk of malformedWrite(kind, ctx, createRng(seed))) events.push(...splitter.push(chunk));
  // A good heartbeat right after: it must survive whatever came before.
  events.push(
    ...splitter.push(malformedWrite('split_write', { ...ctx, serial: 8 }, createRng(1)).reduce(concat)),
  );
  const decoded = events.filter((e) => e.type === 'frame').map((e) => decode(e.frame, { header: '2013' }));
  return { events, decoded };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const drops = (events: SplitEvent[]) => events.flatMap((e) => (e.type === 'dropped' ? [e.reason] : []));
const failures = (decoded: ReturnType<typeof decode>[]) => decoded.flatMap((d) => (d.ok ? [] : [d.reason]));

describe('malformed writes', () => {
  for (const seed of [1, 2, 3]) {
    it(`each class is what it says, and the next good frame survives it (seed ${seed})`, () => {
      const seen: Record<
        MalformedClass,
        { drops: string[]; failures: string[]; ok: number; phones: string[] }
      > = {} as never;
      for (const kind of MALFORMED_CLASSES) {
        const { events, decoded } = observe(kind, seed);
        const ok = decoded.filter((d) => d.ok);
        seen[kind] = {
          drops: drops(events),
          failures: failures(decoded),
          ok: ok.length,
          phones: ok.map((d) => (d.ok ? d.header.phone : '')),
        };
        // The good heartbeat that followed always decodes (the last frame seen).
        const last = decoded.at(-1);
        expect(last?.ok && last.header.serial === 8, kind).toBe(true);
      }
      expect(seen.bad_checksum.drops).toContain('bad_checksum');
      expect(seen.bad_escape.drops).toContain('bad_escape');
      expect(seen.truncated.drops.length).toBeGreaterThan(0);
      expect(seen.garbage.drops).toContain('garbage');
      expect(seen.unknown_id.failures).toEqual(['unknown_message']);
      expect(seen.oversize.drops).toContain('too_long');
      expect(seen.split_write.ok).toBe(2);
      expect(seen.phone_mismatch.phones[0]).toBe('013912345679');
    });
  }
});
