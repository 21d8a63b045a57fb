import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chooseSample, cityOfCounty, cstMonth, defaultSamplingPercent, sampleBucket } from './sampling.ts';

describe('manual-review sampling', () => {
  it('uses the RULES §4 defaults per city, 义乌 under 金华, 济南 among the others', () => {
    expect(defaultSamplingPercent('330600')).toBe(60); // 绍兴
    expect(defaultSamplingPercent('330200')).toBe(60); // 宁波
    expect(defaultSamplingPercent(cityOfCounty('330782'))).toBe(60); // 义乌 → 金华
    expect(defaultSamplingPercent('330100')).toBe(40); // 杭州
    expect(defaultSamplingPercent('330400')).toBe(40); // 嘉兴
    expect(defaultSamplingPercent('330900')).toBe(40); // 舟山
    expect(defaultSamplingPercent('330300')).toBe(20); // 温州
    expect(defaultSamplingPercent('370100')).toBe(20); // 济南 (the demo region)
  });

  it('gives a log the same bucket every time, spread evenly over 0–9999', () => {
    const id = '2f0c7a4e-3a51-4c53-9a63-3c1f4f1b2b10';
    expect(sampleBucket(id)).toBe(sampleBucket(id));
    const buckets = Array.from({ length: 20_000 }, () => sampleBucket(randomUUID()));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(10_000);
    const lowTenth = buckets.filter((b) => b < 1000).length / buckets.length;
    expect(lowTenth).toBeGreaterThan(0.09);
    expect(lowTenth).toBeLessThan(0.11);
  });

  it.each([20, 40, 60])(
    'selects at least %i %% at every point of a month, and close to it overall',
    (percent) => {
      const ids = Array.from({ length: 5_000 }, () => randomUUID());
      const tally = { seen: 0, selected: 0 };
      let hash = 0;
      for (const id of ids) {
        const choice = chooseSample(id, percent, tally);
        if (choice.selectedBy === 'hash') hash++;
        // The floor holds after every log, not only at the end of the month.
        expect(tally.selected).toBeGreaterThanOrEqual(Math.ceil((percent * tally.seen) / 100));
      }
      expect(tally.selected / ids.length).toBeLessThan(percent / 100 + 0.03);
      // Most of the sample is the unpredictable hash; the quota only tops it up.
      expect(hash / tally.selected).toBeGreaterThan(0.9);
      // Same ids in the same order: the same choices.
      const again = { seen: 0, selected: 0 };
      const replay = ids.map((id) => chooseSample(id, percent, again).selectedBy);
      const fresh = { seen: 0, selected: 0 };
      expect(ids.map((id) => chooseSample(id, percent, fresh).selectedBy)).toEqual(replay);
    },
  );

  it('takes the first log of a month, and months follow +08:00', () => {
    const tally = { seen: 0, selected: 0 };
    expect(chooseSample(randomUUID(), 20, tally).selectedBy).not.toBeNull();
    expect(cstMonth(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11');
    expect(cstMonth(new Date('2026-10-31T15:59:59Z'))).toBe('2026-10');
  });
});
