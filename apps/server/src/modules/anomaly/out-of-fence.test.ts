import { describe, expect, it } from 'vitest';
import { detectOutOfFence, OUT_OF_FENCE_WEIGHT, type FenceMinute } from './out-of-fence.ts';

const T0 = Date.parse('2026-11-02T09:01:00+08:00');
const minute = (i: number, outsideFence: boolean): FenceMinute => ({
  atMs: T0 + i * 60_000,
  latitude: 36.6 + i * 1e-4,
  longitude: 117 + i * 1e-4,
  outsideFence,
});

describe('out-of-fence findings from the audit verdicts', () => {
  it('reports nothing when every minute is inside', () => {
    expect(detectOutOfFence([0, 1, 2].map((i) => minute(i, false)))).toEqual([]);
  });

  it('reports one finding per run of outside minutes, where and when it started', () => {
    const flags = [false, true, true, false, true, false];
    const found = detectOutOfFence(flags.map((out, i) => minute(i, out)));
    expect(found).toHaveLength(2);
    expect(found[0]).toEqual({
      detector: 'out-of-fence',
      severity: 'medium',
      score: OUT_OF_FENCE_WEIGHT,
      evidence: { minutes: 2, sessionMinutesOutside: 3 },
      at: { latitude: minute(1, true).latitude, longitude: minute(1, true).longitude },
      fromMs: T0,
      toMs: T0 + 2 * 60_000,
    });
    expect(found[1]!.evidence).toEqual({ minutes: 1, sessionMinutesOutside: 3 });
  });

  it('keeps a run at its end and has no place when the record had no position', () => {
    const found = detectOutOfFence([{ ...minute(0, true), latitude: null, longitude: null }]);
    expect(found[0]!.at).toBeNull();
  });
});
