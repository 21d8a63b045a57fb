/**
 * Point-in-polygon for the teaching-area fence (RULES §2 rule 5), built once per school and used for
 * every minute, so the per-minute cost is a bounding-box test and, only for boxes that hit, one pass
 * over the ring's edges.
 *
 * Boundary: a point on an edge or a vertex counts as INSIDE. A car driving along the fence line of its
 * own training ground is training there, and a voided minute must never come from rounding, so "on
 * the edge" allows a distance of EDGE_TOLERANCE_DEG (1e-9°, about 0.1 mm) — terminals report to 1e-6°.
 * Holes (rings after the first) exclude their interior but, by the same rule, not their boundary.
 */
export type GeoJsonPolygonLike = { type: 'Polygon'; coordinates: number[][][] };

type Ring = { xs: Float64Array; ys: Float64Array };
type PreparedPolygon = {
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
  outer: Ring;
  holes: Ring[];
};
export type Fence = { polygons: PreparedPolygon[] };

const EDGE_TOLERANCE_DEG = 1e-9;

function toRing(coords: number[][]): Ring {
  const xs = new Float64Array(coords.length);
  const ys = new Float64Array(coords.length);
  coords.forEach((p, i) => {
    xs[i] = p[0]!;
    ys[i] = p[1]!;
  });
  return { xs, ys };
}

/** Prepares the school's polygons; malformed ones (fewer than 3 distinct points) are skipped. */
export function prepareFence(polygons: readonly GeoJsonPolygonLike[]): Fence {
  const prepared: PreparedPolygon[] = [];
  for (const polygon of polygons) {
    const [outer, ...holes] = polygon.coordinates;
    if (!outer || outer.length < 3) continue;
    const ring = toRing(outer);
    let minLon = Infinity;
    let maxLon = -Infinity;
    let minLat = Infinity;
    let maxLat = -Infinity;
    for (let i = 0; i < ring.xs.length; i++) {
      minLon = Math.min(minLon, ring.xs[i]!);
      maxLon = Math.max(maxLon, ring.xs[i]!);
      minLat = Math.min(minLat, ring.ys[i]!);
      maxLat = Math.max(maxLat, ring.ys[i]!);
    }
    // The box is widened by the edge tolerance so the prefilter never rejects an on-edge point.
    prepared.push({
      minLon: minLon - EDGE_TOLERANCE_DEG,
      maxLon: maxLon + EDGE_TOLERANCE_DEG,
      minLat: minLat - EDGE_TOLERANCE_DEG,
      maxLat: maxLat + EDGE_TOLERANCE_DEG,
      outer: ring,
      holes: holes.map(toRing),
    });
  }
  return { polygons: prepared };
}

/** 1 inside, 0 on the boundary, −1 outside (crossing number with an explicit on-edge test). */
function classify(ring: Ring, lon: number, lat: number): 1 | 0 | -1 {
  const { xs, ys } = ring;
  const n = xs.length;
  let inside = false;
  // Rings may or may not repeat the first point; the edge (last → first) is always included.
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xs[i]!;
    const yi = ys[i]!;
    const xj = xs[j]!;
    const yj = ys[j]!;
    const dx = xj - xi;
    const dy = yj - yi;
    const lengthSq = dx * dx + dy * dy;
    if (lengthSq === 0) continue;
    // On-edge: the projection falls within the segment and the perpendicular distance is tiny.
    const t = ((lon - xi) * dx + (lat - yi) * dy) / lengthSq;
    if (t >= 0 && t <= 1) {
      const cross = (lon - xi) * dy - (lat - yi) * dx;
      if (Math.abs(cross) <= EDGE_TOLERANCE_DEG * Math.sqrt(lengthSq)) return 0;
    }
    if (yi > lat !== yj > lat && lon < (dx * (lat - yi)) / dy + xi) inside = !inside;
  }
  return inside ? 1 : -1;
}

/** True when the point is inside (or on the boundary of) any of the fence's polygons. */
export function isInsideFence(fence: Fence, lon: number, lat: number): boolean {
  for (const p of fence.polygons) {
    if (lon < p.minLon || lon > p.maxLon || lat < p.minLat || lat > p.maxLat) continue;
    if (classify(p.outer, lon, lat) === -1) continue;
    let inHole = false;
    for (const hole of p.holes) {
      if (classify(hole, lon, lat) === 1) {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}
