/**
 * Planar geometry on WGS-84 rings, good to well under 1 % for the few-kilometre polygons of training
 * grounds: longitude is scaled by cos(latitude) around the ring's mean latitude (equirectangular).
 */
export type LonLat = readonly [number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

function project(ring: readonly LonLat[]): Array<[number, number]> {
  const meanLat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  const kx = Math.cos(meanLat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  return ring.map(([lon, lat]) => [lon * kx, lat * ky]);
}

/** Area in m² of a closed ring (first point repeated last), by the shoelace formula. */
export function ringAreaM2(ring: readonly LonLat[]): number {
  const pts = project(ring);
  let twice = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const [x1, y1] = pts[i]!;
    const [x2, y2] = pts[i + 1]!;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

export function isClosedRing(ring: readonly LonLat[]): boolean {
  const first = ring[0];
  const last = ring.at(-1);
  return ring.length >= 4 && !!first && !!last && first[0] === last[0] && first[1] === last[1];
}

function segmentsCross(a: LonLat, b: LonLat, c: LonLat, d: LonLat): boolean {
  const orient = (p: LonLat, q: LonLat, r: LonLat) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

/** True when no two non-adjacent edges of the closed ring cross (O(n²); rings are small). */
export function isSimpleRing(ring: readonly LonLat[]): boolean {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return false;
    }
  }
  return true;
}

export function boundingBox(ring: readonly LonLat[]) {
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return {
    minLongitude: Math.min(...lons),
    maxLongitude: Math.max(...lons),
    minLatitude: Math.min(...lats),
    maxLatitude: Math.max(...lats),
  };
}
