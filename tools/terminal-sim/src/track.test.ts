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
    // Six hours of 1-second steps: CPU-bound, so give a loaded machine time.
    it(
      `stays inside the ${name} for an honest car, moving at 0–40 km/h without jumps`,
      { timeout: 30_000 },
      () => {
        for (const seed of [1, 2, 3]) {
          const fixes = drive(area, seed, 2 * 3600);
          const outside = fixes.filter((f) => !insideGeoJson(area, f.longitude, f.latitude));
          expect(outside).toEqual([]);
          // 40 km/h at most, plus the GNSS speed noise (σ 0.15 km/h) and the pulse calibration (≤ +5 %).
          expect(Math.max(...fixes.map((f) => f.speedKmh))).toBeLessThanOrEqual(41);
          expect(Math.max(...fixes.map((f) => f.recorderSpeedKmh))).toBeLessThanOrEqual(42);
          for (let i = 1; i < fixes.length; i++) {
            const a = fixes[i - 1]!;
            const b = fixes[i]!;
            if (!a.gnssFix || !b.gnssFix) continue; // a fix loss repeats the last position, then catches up
            // One second at ≤ 40 km/h is ≤ 11.2 m (plus GNSS error); speed changes by at most 2.5 m/s
            // (9 km/h) per second, plus noise.
            expect(haversineM(a.latitude, a.longitude, b.latitude, b.longitude)).toBeLessThan(12);
            expect(Math.abs(b.speedKmh - a.speedKmh)).toBeLessThanOrEqual(10);
          }
          const km = fixes.reduce(
            (d, f, i) =>
              i
                ? d + haversineM(fixes[i - 1]!.latitude, fixes[i - 1]!.longitude, f.latitude, f.longitude)
                : 0,
            0,
          );
          expect(km / 1000).toBeGreaterThan(10); // it really drives: two hours at ≥ 5 km/h on average
          expect(fixes.some((f) => f.speedKmh === 0)).toBe(true); // and stops now and then
        }
      },
    );
  }

  it('has natural variance: speed and course wander on a leg, pulse ≠ GNSS by a few %, short fix losses', () => {
    const fixes = drive(GROUND, 4, 2 * 3600);
    const moving = fixes.filter((f) => f.gnssFix && f.speedKmh > 10);
    // Within any minute of driving the speed is never held in a 0.5 km/h band.
    for (let i = 0; i + 60 < fixes.length; i += 60) {
      const minute = fixes.slice(i, i + 60).filter((f) => f.gnssFix && f.speedKmh > 5);
      if (minute.length < 60) continue;
      const speeds = minute.map((f) => f.speedKmh);
      expect(Math.max(...speeds) - Math.min(...speeds)).toBeGreaterThan(0.5);
    }
    const ratios = moving.map((f) => f.recorderSpeedKmh / f.speedKmh);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.95);
    expect(mean).toBeLessThan(1.07);
    const losses = fixes.filter((f) => !f.gnssFix);
    expect(losses.length).toBeGreaterThan(0);
    expect(losses.length).toBeLessThan(fixes.length * 0.1);
    expect(losses.every((f) => f.speedKmh === 0)).toBe(true);
  });

  it('emulator: one constant speed and heading per leg, legs of 6–10 minutes', () => {
    const fixes = drive(GROUND, 8, 1800, { emulator: true });
    expect(new Set(fixes.map((f) => f.speedKmh)).size).toBe(1);
    expect(fixes.every((f) => f.recorderSpeedKmh === f.speedKmh)).toBe(true);
    const headings = new Set(fixes.map((f) => f.direction));
    expect(headings.size).toBe(2); // out and back
    const firstTurn = fixes.findIndex((f) => f.direction !== fixes[0]!.direction);
    expect(firstTurn).toBeGreaterThanOrEqual(359);
    expect(firstTurn).toBeLessThanOrEqual(600);
  });

  it('gnss-spoof: positions jump by the window offset and back', () => {
    const track = new Track(GROUND, 9, START);
    track.spoof({ from: START + 100_000, to: START + 200_000, dx: 2000, dy: 0 });
    track.setDriving(true);
    const at = (s: number) => {
      track.advanceTo(START + s * 1000);
      return track.fix();
    };
    const before = at(99);
    const during = at(100);
    const after = at(200);
    expect(haversineM(before.latitude, before.longitude, during.latitude, during.longitude)).toBeGreaterThan(
      1980,
    );
    expect(haversineM(during.latitude, during.longitude, after.latitude, after.longitude)).toBeGreaterThan(
      1500,
    );
  });

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
    // Parked GNSS jitters by a metre or so, it does not travel.
    expect(fixes.every((f) => haversineM(f.latitude, f.longitude, first.latitude, first.longitude) < 4)).toBe(
      true,
    );
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
    // The minute counts the true path; the reported fixes add their GNSS error on top.
    expect(Math.abs(m.gnssDistanceM - d)).toBeLessThan(0.03 * d + 3);
    expect(m.maxGnssKmh).toBe(Math.max(...fixes.slice(1).map((f) => f.speedKmh)));
    expect(m.fixAtMid).toEqual(fixes[30]);
    expect(m.fixAtEnd).toEqual(fixes[60]);
    expect(m.fixAtEnd.odometerM - fixes[0]!.odometerM).toBeCloseTo(m.pulseDistanceM, 6);
  });
});
