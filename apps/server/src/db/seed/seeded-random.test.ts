import { describe, expect, it } from 'vitest';
import {
  addYears,
  createRandom,
  deterministicUuid,
  fromDayNumber,
  hashString,
  toDayNumber,
} from './seeded-random.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createRandom('seed');
    const b = createRandom('seed');
    const c = createRandom('other seed');

    const draw = (r: ReturnType<typeof createRandom>) => Array.from({ length: 5 }, () => r.next());

    expect(draw(a)).toEqual(draw(b));
    expect(draw(createRandom('seed'))).not.toEqual(draw(c));
  });

  it('pins the first values of a known seed, so a change of algorithm cannot pass unnoticed', () => {
    const r = createRandom('jiapei-demo');

    expect([hashString('jiapei-demo'), r.int(0, 999_999), r.int(0, 999_999)]).toEqual([
      3110331267, 214542, 495067,
    ]);
  });

  it('keeps int, float and digits within their ranges', () => {
    const r = createRandom('ranges');

    const ints = Array.from({ length: 2000 }, () => r.int(3, 7));
    const floats = Array.from({ length: 2000 }, () => r.float(-1, 1));

    expect(Math.min(...ints)).toBe(3);
    expect(Math.max(...ints)).toBe(7);
    expect(floats.every((f) => f >= -1 && f < 1)).toBe(true);
    expect(r.digits(12)).toMatch(/^[0-9]{12}$/);
  });

  it('picks by weight', () => {
    const r = createRandom('weights');

    const picks = Array.from({ length: 4000 }, () =>
      r.weighted([
        ['a', 3],
        ['b', 1],
      ] as const),
    );

    const share = picks.filter((p) => p === 'a').length / picks.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8];

    const shuffled = createRandom('shuffle').shuffle(input);

    expect([...shuffled].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('deterministicUuid', () => {
  it('gives valid, stable and unique uuids for every (tag, index)', () => {
    const ids = new Set<string>();
    for (const tag of [1, 2, 3]) {
      for (let i = 0; i < 5000; i++) ids.add(deterministicUuid('s', tag, i));
    }

    expect(ids.size).toBe(15_000);
    expect([...ids].every((id) => UUID.test(id))).toBe(true);
    expect(deterministicUuid('s', 2, 41)).toBe(deterministicUuid('s', 2, 41));
    expect(deterministicUuid('s', 2, 41)).not.toBe(deterministicUuid('t', 2, 41));
  });
});

describe('calendar days', () => {
  it('round-trips ISO dates and moves 29 February to the 28th in a common year', () => {
    expect(fromDayNumber(toDayNumber('2026-11-20'))).toBe('2026-11-20');
    expect(toDayNumber('2026-03-01') - toDayNumber('2026-02-28')).toBe(1);
    expect(addYears('2004-02-29', 18)).toBe('2022-02-28');
    expect(addYears('2008-05-17', -18)).toBe('1990-05-17');
  });
});
