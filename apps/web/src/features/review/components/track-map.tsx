import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { ReviewFence, ReviewMinute, TrackPoint } from '../types.ts';

/** The live map's colours, so a fence and a track read the same on both pages. */
const colors = { fence: '#fa8c16', track: '#eb2f96', voided: '#cf1322', start: '#389e0d', end: '#1677ff' };

/** A faint grid in place of map tiles (no internet), as on the live map. */
class GroundGrid extends L.GridLayer {
  protected override createTile(): HTMLElement {
    const tile = document.createElement('canvas');
    const size = this.getTileSize();
    tile.width = size.x;
    tile.height = size.y;
    const ctx = tile.getContext('2d');
    if (ctx) {
      ctx.strokeStyle = 'rgba(0, 40, 80, 0.08)';
      ctx.strokeRect(0.5, 0.5, size.x, size.y);
    }
    return tile;
  }
}

type TrackMapProps = {
  track: readonly TrackPoint[];
  minutes: readonly ReviewMinute[];
  fences: readonly ReviewFence[];
  /** Index into the replayed points (the slider); the car marker sits there. */
  cursor: number;
  label: string;
  fenceLabel: (fence: ReviewFence) => string;
};

/** The points the map replays: the terminal's fixes, or the minute records' positions when it sent none. */
export function replayPoints(track: readonly TrackPoint[], minutes: readonly ReviewMinute[]) {
  if (track.length > 0) return track.map((p) => ({ at: p.at, lat: p.latitude, lon: p.longitude }));
  return minutes
    .filter((m) => m.latitude !== null && m.longitude !== null)
    .map((m) => ({ at: m.recordedAt, lat: m.latitude!, lon: m.longitude! }));
}

/**
 * The session's track over the school's filed teaching areas, with voided minutes marked red and a car
 * marker that a slider moves along the track (the replay). Leaflet owns the DOM inside the container.
 */
export function TrackMap({ track, minutes, fences, cursor, label, fenceLabel }: TrackMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const carRef = useRef<L.CircleMarker | null>(null);
  const points = replayPoints(track, minutes);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { attributionControl: false, minZoom: 4, maxZoom: 20 }).setView(
      [36.67, 117.02],
      13,
    );
    new GroundGrid({ tileSize: 128 }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    mapRef.current = map;
    return () => {
      mapRef.current = null;
      carRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const layer = L.featureGroup().addTo(map);
    for (const fence of fences) {
      const rings = fence.coordinates.map((ring) => ring.map(([lon, lat]) => [lat!, lon!] as L.LatLngTuple));
      L.polygon(rings, {
        color: colors.fence,
        weight: 1.5,
        fillOpacity: 0.12,
        dashArray: fence.kind === 'road_route' ? '6 4' : undefined,
      })
        .bindTooltip(fenceLabel(fence), { sticky: true })
        .addTo(layer);
    }
    const line = points.map((p) => [p.lat, p.lon] as L.LatLngTuple);
    if (line.length > 0) {
      L.polyline(line, { color: colors.track, weight: 3, opacity: 0.85 }).addTo(layer);
      L.circleMarker(line[0]!, {
        radius: 6,
        color: '#fff',
        weight: 2,
        fillColor: colors.start,
        fillOpacity: 1,
      }).addTo(layer);
      L.circleMarker(line.at(-1)!, {
        radius: 6,
        color: '#fff',
        weight: 2,
        fillColor: colors.end,
        fillOpacity: 1,
      }).addTo(layer);
    }
    for (const m of minutes) {
      if (m.credited || m.latitude === null || m.longitude === null) continue;
      L.circleMarker([m.latitude, m.longitude], {
        radius: 4,
        color: colors.voided,
        weight: 1,
        fillOpacity: 0.8,
      }).addTo(layer);
    }
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    return () => {
      layer.remove();
    };
    // `points` derives from track and minutes; fenceLabel changes identity each render but not content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [track, minutes, fences]);

  useEffect(() => {
    const map = mapRef.current;
    const point = points[Math.min(cursor, points.length - 1)];
    if (!map || !point) return;
    if (!carRef.current) {
      carRef.current = L.circleMarker([point.lat, point.lon], {
        radius: 8,
        color: '#fff',
        weight: 2,
        fillColor: '#722ed1',
        fillOpacity: 1,
      }).addTo(map);
    } else {
      carRef.current.setLatLng([point.lat, point.lon]);
    }
  }, [cursor, points]);

  return (
    <div
      ref={containerRef}
      role="region"
      aria-label={label}
      data-testid="review-track-map"
      data-points={points.length}
      style={{ height: 360, width: '100%', borderRadius: 8, background: '#f5f8fa' }}
    />
  );
}
