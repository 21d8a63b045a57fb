import L from 'leaflet';
import { GroundGrid } from '../../../components/ground-grid.ts';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { cityCentre } from '../district-centres.ts';
import './school-map.css';

export type MapSchool = {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  warning: boolean;
};

export type MapArea = {
  id: string;
  name: string;
  /** GeoJSON polygon rings: [lon, lat] pairs. */
  rings: ReadonlyArray<ReadonlyArray<readonly number[]>>;
};

type SchoolMapProps = {
  schools: readonly MapSchool[];
  areas?: readonly MapArea[];
  /** The point distances are measured from, when there is one. */
  origin: { lat: number; lon: number } | null;
  selectedId?: string | null;
  onSelectSchool?: (schoolId: string) => void;
  /** Clicking the ground picks a point (for "near here"); omitted means the map is read-only. */
  onPickPoint?: (point: { lat: number; lon: number }) => void;
  mapLabel: string;
  originLabel: string;
  height: number;
};

/**
 * Schools (and a school's teaching areas) on a Leaflet map without tiles. Leaflet owns the DOM in
 * the container; React hands it data and each effect redraws one layer. Markers carry the school's
 * name as their accessible label, so screen readers and the e2e suite can find them.
 */
export function SchoolMap(props: SchoolMapProps) {
  const { schools, areas, origin, selectedId, mapLabel, originLabel, height } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layersRef = useRef<{ areas: L.FeatureGroup; schools: L.FeatureGroup; origin: L.FeatureGroup } | null>(
    null,
  );
  // Callbacks change every render; the map's handlers are long-lived, so they read them through refs.
  const onSelectRef = useRef(props.onSelectSchool);
  const onPickRef = useRef(props.onPickPoint);
  useEffect(() => {
    onSelectRef.current = props.onSelectSchool;
    onPickRef.current = props.onPickPoint;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { attributionControl: false, minZoom: 4, maxZoom: 19 }).setView(
      [cityCentre[0], cityCentre[1]],
      11,
    );
    new GroundGrid({ tileSize: 128 }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    layersRef.current = {
      areas: L.featureGroup().addTo(map),
      schools: L.featureGroup().addTo(map),
      origin: L.featureGroup().addTo(map),
    };
    map.on('click', (event: L.LeafletMouseEvent) => {
      onPickRef.current?.({
        lat: Math.round(event.latlng.lat * 1e6) / 1e6,
        lon: Math.round(event.latlng.lng * 1e6) / 1e6,
      });
    });
    mapRef.current = map;
    // The container may get its final size after the first layout (cards above it still loading):
    // measure again so the grid and the fitted bounds cover the whole map.
    const frame = requestAnimationFrame(() => map.invalidateSize());
    return () => {
      cancelAnimationFrame(frame);
      layersRef.current = null;
      mapRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const layers = layersRef.current;
    if (!map || !layers) return;
    layers.areas.clearLayers();
    layers.schools.clearLayers();
    layers.origin.clearLayers();
    for (const area of areas ?? []) {
      const rings = area.rings.map((ring) => ring.map((p): L.LatLngTuple => [p[1] ?? 0, p[0] ?? 0]));
      L.polygon(rings, { color: '#fa8c16', weight: 1.5, fillOpacity: 0.15 })
        .bindTooltip(area.name)
        .addTo(layers.areas);
    }
    for (const school of schools) {
      const selected = school.id === selectedId;
      const marker = L.marker([school.latitude, school.longitude], {
        title: school.name,
        alt: school.name,
        keyboard: true,
        icon: L.divIcon({
          className: `school-map__pin${school.warning ? ' school-map__pin--warning' : ''}${
            selected ? ' school-map__pin--selected' : ''
          }`,
          iconSize: selected ? [26, 26] : [20, 20],
          iconAnchor: selected ? [13, 26] : [10, 20],
        }),
      });
      marker.on('click', () => onSelectRef.current?.(school.id));
      marker.bindTooltip(school.name, { direction: 'top', offset: [0, -18] });
      marker.addTo(layers.schools);
      const element = marker.getElement();
      if (element) {
        element.setAttribute('role', 'button');
        element.setAttribute('aria-label', school.name);
        element.dataset.schoolId = school.id;
      }
    }
    if (origin) {
      L.marker([origin.lat, origin.lon], {
        title: originLabel,
        alt: originLabel,
        interactive: false,
        icon: L.divIcon({ className: 'school-map__origin', iconSize: [14, 14], iconAnchor: [7, 7] }),
      }).addTo(layers.origin);
    }
    const bounds = L.latLngBounds([]);
    for (const group of [layers.areas, layers.schools, layers.origin]) {
      const b = group.getBounds();
      if (b.isValid()) bounds.extend(b);
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
  }, [schools, areas, origin, selectedId, originLabel]);

  return (
    <div
      ref={containerRef}
      className="school-map"
      role="region"
      aria-label={mapLabel}
      style={{ height, width: '100%', borderRadius: 8 }}
    />
  );
}
