/*
 * Geometry for a teaching area: a local east/north metre plane around the polygon (equirectangular;
 * areas are a few kilometres at most, where the error is far below GNSS noise), point-in-polygon and
 * distance to the boundary.
 */

export type LonLat = [number, number];
export type Xy = { x: number; y: number };

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON_EQUATOR = 111_320;

export type Plane = {
  toXy(lon: number, lat: number): Xy;
  toLonLat(p: Xy): { longitude: number; latitude: number };
};

export function planeAround(lon0: number, lat0: number): Plane {
  const kx = M_PER_DEG_LON_EQUATOR * Math.cos((lat0 * Math.PI) / 180);
  return {
    toXy: (lon, lat) => ({ x: (lon - lon0) * kx, y: (lat - lat0) * M_PER_DEG_LAT }),
    toLonLat: (p) => ({ longitude: lon0 + p.x / kx, latitude: lat0 + p.y / M_PER_DEG_LAT }),
  };
}

/** A polygon (outer ring; holes are ignored) projected to metres. */
export type Area = {
  plane: Plane;
  ring: Xy[];
  box: { minX: number; minY: number; maxX: number; maxY: number };
  centroid: Xy;
};

export function areaFromGeoJson(polygon: { coordinates: [number, number][][] }): Area {
  const outer = polygon.coordinates[0];
  if (!outer || outer.length < 4) {
    throw new RangeError('teaching area: a polygon needs a closed ring of ≥ 3 points');
  }
  let lon0 = 0;
  let lat0 = 0;
  const open = samePoint(outer[0]!, outer[outer.length - 1]!) ? outer.slice(0, -1) : outer;
  for (const [lon, lat] of open) {
    lon0 += lon;
    lat0 += lat;
  }
  lon0 /= open.length;
  lat0 /= open.length;
  const plane = planeAround(lon0, lat0);
  const ring = open.map(([lon, lat]) => plane.toXy(lon, lat));
  const xs = ring.map((p) => p.x);
  const ys = ring.map((p) => p.y);
  return {
    plane,
    ring,
    box: { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) },
    centroid: { x: 0, y: 0 },
  };
}

function samePoint(a: [number, number], b: [number, number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Ray casting (even-odd). */
export function inside(ring: readonly Xy[], p: Xy): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) c = !c;
  }
  return c;
}

/** Distance from `p` to the nearest edge of the ring, in metres. */
export function distanceToBoundary(ring: readonly Xy[], p: Xy): number {
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    best = Math.min(best, distanceToSegment(p, ring[j]!, ring[i]!));
  }
  return best;
}

function distanceToSegment(p: Xy, a: Xy, b: Xy): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Inside with at least `margin` metres to the boundary. */
export function insideWithMargin(area: Area, p: Xy, margin: number): boolean {
  return inside(area.ring, p) && distanceToBoundary(area.ring, p) >= margin;
}

/**
 * True when every point of segment a→b is inside with at least `margin` metres to the boundary: both
 * ends inside, no crossing of an edge, and every edge at least `margin` away (for segments that do
 * not cross, the closest approach is at one of the four end points).
 */
export function segmentInside(area: Area, a: Xy, b: Xy, margin: number): boolean {
  const ring = area.ring;
  if (!inside(ring, a) || !inside(ring, b)) return false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[j]!;
    const q = ring[i]!;
    if (segmentsCross(a, b, p, q)) return false;
    if (
      Math.min(
        distanceToSegment(a, p, q),
        distanceToSegment(b, p, q),
        distanceToSegment(p, a, b),
        distanceToSegment(q, a, b),
      ) < margin
    ) {
      return false;
    }
  }
  return true;
}

function segmentsCross(a: Xy, b: Xy, p: Xy, q: Xy): boolean {
  const cross = (o: Xy, u: Xy, v: Xy) => (u.x - o.x) * (v.y - o.y) - (u.y - o.y) * (v.x - o.x);
  const d1 = cross(p, q, a);
  const d2 = cross(p, q, b);
  const d3 = cross(a, b, p);
  const d4 = cross(a, b, q);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Great-circle distance in metres (haversine), for checks against decoded coordinates. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = 6_371_008.8;
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Point-in-polygon on degrees (GeoJSON ring), for tests and callers holding decoded fixes. */
export function insideGeoJson(
  polygon: { coordinates: [number, number][][] },
  lon: number,
  lat: number,
): boolean {
  const outer = polygon.coordinates[0] ?? [];
  return inside(
    outer.map(([x, y]) => ({ x, y })),
    { x: lon, y: lat },
  );
}
