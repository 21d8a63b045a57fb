import { describe, expect, it } from 'vitest';
import { haversineM, insideGeoJson } from './geo.ts';
import { CORRIDOR, GROUND } from './testing/fixtures.ts';
import { Track, type Fix } from './track.ts';

const START = Date.parse('2025-03-03T09:00:00+08:00');

function drive(area: typeof GROUND, seed: number, seconds: number, mode = {}): Fix[] {
  const track = new Track(area, seed, START, mode);
  track.setDriving(true);
  const fixes: Fix[] = [];
  for (let s = 1; s <= seconds; s++) {
    track.advanceTo(START + s * 1000);
    fixes.push(track.fix());
  }
  return fixes;
}

describe('Track', () => {
  for (const [name, area] of [
    ['training ground', GROUND],
    ['bent road corridor', CORRIDOR],
  ] as const) {
    it(`stays inside the ${name} for an honest car, moving at 0–40 km/h without jumps`, () => {
      for (const seed of [1, 2, 3]) {
        const fixes = drive(area, seed, 2 * 3600);
        const outside = fixes.filter((f) => !insideGeoJson(area, f.longitude, f.latitude));
        expect(outside).toEqual([]);
        expect(Math.max(...fixes.map((f) => f.speedKmh))).toBeLessThanOrEqual(40);
        for (let i = 1; i < fixes.length; i++) {
          const a = fixes[i - 1]!;
          const b = fixes[i]!;
          // One second at ≤ 40 km/h is ≤ 11.2 m; speed changes by at most 2.5 m/s (9 km/h) per second.
          expect(haversineM(a.latitude, a.longitude, b.latitude, b.longitude)).toBeLessThan(11.5);
          expect(Math.abs(b.speedKmh - a.speedKmh)).toBeLessThanOrEqual(9.1);
        }
        const km = fixes.reduce(
          (d, f, i) =>
            i ? d + haversineM(fixes[i - 1]!.latitude, fixes[i - 1]!.longitude, f.latitude, f.longitude) : 0,
          0,
        );
        expect(km / 1000).toBeGreaterThan(10); // it really drives: two hours at ≥ 5 km/h on average
        expect(fixes.some((f) => f.speedKmh === 0)).toBe(true); // and stops now and then
      }
    });
  }

  it('is deterministic: the same seed drives the same route', () => {
    expect(drive(GROUND, 42, 600)).toEqual(drive(GROUND, 42, 600));
    expect(drive(GROUND, 42, 600)).not.toEqual(drive(GROUND, 43, 600));
  });

  it('leaves the fence part of the time for out-of-fence, and comes back', () => {
    const fixes = drive(GROUND, 7, 3600, { outOfFence: true });
    const outside = fixes.filter((f) => !insideGeoJson(GROUND, f.longitude, f.latitude));
    expect(outside.length).toBeGreaterThan(30);
    expect(outside.length).toBeLessThan(fixes.length * 0.8);
    const last = fixes.findLastIndex((f) => !insideGeoJson(GROUND, f.longitude, f.latitude));
    expect(fixes.slice(last + 1).some((f) => insideGeoJson(GROUND, f.longitude, f.latitude))).toBe(true);
  });

  it('跑马机: pulse speed and odometer run while the GNSS position stays put at speed 0', () => {
    const fixes = drive(GROUND, 5, 900, { paoma: true });
    const first = fixes[0]!;
    expect(fixes.every((f) => f.latitude === first.latitude && f.longitude === first.longitude)).toBe(true);
    expect(fixes.every((f) => f.speedKmh === 0)).toBe(true);
    expect(Math.max(...fixes.map((f) => f.recorderSpeedKmh))).toBeGreaterThan(15);
    expect(fixes.at(-1)!.odometerM - first.odometerM).toBeGreaterThan(1000);
  });

  it('adds up a minute: distance equals the sum of the per-second fixes, max speed their maximum', () => {
    const track = new Track(GROUND, 11, START);
    track.setDriving(true);
    track.advanceTo(START + 120_000);
    const start = START + 120_000;
    track.beginMinute(start);
    const fixes: Fix[] = [track.fix()];
    for (let s = 1; s <= 60; s++) {
      track.advanceTo(start + s * 1000);
      fixes.push(track.fix());
    }
    const m = track.closeMinute();
    let d = 0;
    for (let i = 1; i < fixes.length; i++) {
      d += haversineM(
        fixes[i - 1]!.latitude,
        fixes[i - 1]!.longitude,
        fixes[i]!.latitude,
        fixes[i]!.longitude,
      );
    }
    expect(Math.abs(m.gnssDistanceM - d)).toBeLessThan(2);
    expect(m.maxGnssKmh).toBe(Math.max(...fixes.slice(1).map((f) => f.speedKmh)));
    expect(m.fixAtMid).toEqual(fixes[30]);
    expect(m.fixAtEnd).toEqual(fixes[60]);
    expect(m.fixAtEnd.odometerM - fixes[0]!.odometerM).toBeCloseTo(m.pulseDistanceM, 6);
  });
});
