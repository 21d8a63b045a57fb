import { describe, expect, it } from 'vitest';
import { boundingBox, isClosedRing, isSimpleRing, ringAreaM2, type LonLat } from './geo.ts';

const square: LonLat[] = [
  [117, 36.6],
  [117.01, 36.6],
  [117.01, 36.61],
  [117, 36.61],
  [117, 36.6],
];

describe('geo', () => {
  it('computes the area of a 0.01° square at 36.6°N within 0.5 %', () => {
    // 0.01° of latitude ≈ 1111.95 m; of longitude ≈ 1111.95 m × cos(36.605°) ≈ 892.7 m.
    const expected = 1111.95 * 1111.95 * Math.cos((36.605 * Math.PI) / 180);

    expect(Math.abs(ringAreaM2(square) - expected) / expected).toBeLessThan(0.005);
  });

  it('is independent of winding direction', () => {
    expect(ringAreaM2([...square].reverse())).toBeCloseTo(ringAreaM2(square), 6);
  });

  it('knows closed, open and self-crossing rings', () => {
    const bowtie: LonLat[] = [
      [117, 36.6],
      [117.01, 36.61],
      [117.01, 36.6],
      [117, 36.61],
      [117, 36.6],
    ];

    expect(isClosedRing(square)).toBe(true);
    expect(isClosedRing(square.slice(0, 4))).toBe(false);
    expect(isSimpleRing(square)).toBe(true);
    expect(isSimpleRing(bowtie)).toBe(false);
  });

  it('bounds a ring', () => {
    expect(boundingBox(square)).toEqual({
      minLongitude: 117,
      maxLongitude: 117.01,
      minLatitude: 36.6,
      maxLatitude: 36.61,
    });
  });
});
