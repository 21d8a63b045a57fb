import L from 'leaflet';
import { GroundGrid } from '../../../../components/ground-grid.ts';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type {
  Fence,
  LiveVehicle,
  MonitoredSchool,
  TrackPoint,
} from '../../../../features/monitoring/types.ts';
import {
  initialBounds,
  latLngOf,
  vehicleStateOf,
  type Positioned,
  type VehicleState,
} from '../../../../features/monitoring/vehicle-state.ts';
import './live-map.css';

export const mapColors = {
  fence: '#fa8c16',
  school: '#722ed1',
  track: '#eb2f96',
} as const;

type LiveMapCanvasProps = {
  vehicles: readonly Positioned<LiveVehicle>[];
  fences: readonly Fence[];
  schools: readonly MonitoredSchool[];
  track: readonly TrackPoint[] | null;
  selectedId: string | null;
  onSelect: (terminalId: string) => void;
  /** Incremented by the "show all" button: zoom to the data again. */
  fitRequest: number;
  mapLabel: string;
  vehicleLabel: (vehicle: LiveVehicle, state: VehicleState) => string;
  fenceLabel: (fence: Fence) => string;
};

// Jinan: where the map starts before any data arrives.
const START_VIEW: L.LatLngTuple = [36.67, 117.02];
const SELECTED_ZOOM = 15;
const ARROW_SVG =
  '<svg class="live-car__arrow" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
  '<path d="M12 2 L20 21 L12 16.5 L4 21 Z"/></svg>';

/** Writes what the e2e suite and screen readers read off a car marker. */
function describeMarker(
  element: HTMLElement,
  vehicle: Positioned<LiveVehicle>,
  state: VehicleState,
  label: string,
  selected: boolean,
) {
  // Leaflet owns the element's other classes (zoom animation, interactivity): toggle only ours.
  for (const other of ['training', 'online', 'offline'] as const) {
    element.classList.toggle(`live-car--${other}`, other === state);
  }
  element.classList.toggle('live-car--selected', selected);
  element.setAttribute('aria-label', label);
  element.setAttribute('aria-pressed', String(selected));
  element.dataset.terminalId = vehicle.terminalId;
  element.dataset.state = state;
  element.dataset.lat = String(vehicle.latitude);
  element.dataset.lon = String(vehicle.longitude);
  const arrow = element.querySelector<SVGElement>('.live-car__arrow');
  if (arrow) arrow.style.transform = `rotate(${vehicle.direction ?? 0}deg)`;
}

/**
 * The Leaflet map of the live page. Leaflet owns the DOM inside the container; React only hands it
 * data, and each effect updates one layer in place (markers move, they are not re-created), so a
 * 5-second refresh does not flicker or lose the keyboard focus.
 */
export function LiveMapCanvas(props: LiveMapCanvasProps) {
  const { vehicles, fences, schools, track, selectedId, onSelect, fitRequest, mapLabel } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layersRef = useRef<{
    fences: L.FeatureGroup;
    schools: L.FeatureGroup;
    track: L.FeatureGroup;
    vehicles: L.FeatureGroup;
  } | null>(null);
  const markersRef = useRef(new Map<string, L.Marker>());
  const fittedRef = useRef<string | null>(null);
  // Callbacks change every render; markers are long-lived, so they read the latest through refs.
  const onSelectRef = useRef(onSelect);
  const labelRef = useRef(props.vehicleLabel);
  const fenceLabelRef = useRef(props.fenceLabel);
  useEffect(() => {
    onSelectRef.current = onSelect;
    labelRef.current = props.vehicleLabel;
    fenceLabelRef.current = props.fenceLabel;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, {
      attributionControl: false,
      zoomControl: true,
      minZoom: 4,
      maxZoom: 19,
    }).setView(START_VIEW, 11);
    new GroundGrid({ tileSize: 128 }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    const layers = {
      fences: L.featureGroup().addTo(map),
      schools: L.featureGroup().addTo(map),
      track: L.featureGroup().addTo(map),
      vehicles: L.featureGroup().addTo(map),
    };
    mapRef.current = map;
    layersRef.current = layers;
    const markers = markersRef.current;
    return () => {
      markers.clear();
      layersRef.current = null;
      mapRef.current = null;
      fittedRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    const layer = layersRef.current?.fences;
    if (!layer) return;
    layer.clearLayers();
    for (const fence of fences) {
      const rings = fence.geometry.coordinates.map((ring) => ring.flatMap(latLngOf));
      L.polygon(rings, {
        color: mapColors.fence,
        weight: 1.5,
        fillOpacity: 0.12,
        dashArray: fence.properties.kind === 'road_route' ? '6 4' : undefined,
      })
        .bindTooltip(fenceLabelRef.current(fence), { sticky: true })
        .addTo(layer);
    }
  }, [fences]);

  useEffect(() => {
    const layer = layersRef.current?.schools;
    if (!layer) return;
    layer.clearLayers();
    for (const school of schools) {
      L.circleMarker([school.latitude, school.longitude], {
        radius: 5,
        color: '#fff',
        weight: 1.5,
        fillColor: mapColors.school,
        fillOpacity: 0.9,
      })
        .bindTooltip(school.shortName || school.name)
        .addTo(layer);
    }
  }, [schools]);

  useEffect(() => {
    const layer = layersRef.current?.vehicles;
    if (!layer) return;
    const markers = markersRef.current;
    const seen = new Set<string>();
    for (const vehicle of vehicles) {
      seen.add(vehicle.terminalId);
      const state = vehicleStateOf(vehicle);
      const latLng: L.LatLngTuple = [vehicle.latitude, vehicle.longitude];
      let marker = markers.get(vehicle.terminalId);
      if (!marker) {
        const terminalId = vehicle.terminalId;
        marker = L.marker(latLng, {
          icon: L.divIcon({ html: ARROW_SVG, className: 'live-car', iconSize: [26, 26] }),
          keyboard: true,
          riseOnHover: true,
        })
          .on('click', () => onSelectRef.current(terminalId))
          // Leaflet makes markers focusable but only opens popups from the keyboard: Enter or Space
          // selects the car, as a click does.
          .on('keydown', (event: L.LeafletKeyboardEvent) => {
            const key = event.originalEvent.key;
            if (key === 'Enter' || key === ' ') {
              event.originalEvent.preventDefault();
              onSelectRef.current(terminalId);
            }
          })
          .addTo(layer);
        markers.set(terminalId, marker);
      } else {
        marker.setLatLng(latLng);
      }
      // Training cars above idle ones above offline ones where they overlap.
      marker.setZIndexOffset(state === 'training' ? 2000 : state === 'online' ? 1000 : 0);
      const element = marker.getElement();
      if (element) {
        describeMarker(
          element,
          vehicle,
          state,
          labelRef.current(vehicle, state),
          vehicle.terminalId === selectedId,
        );
      }
    }
    for (const [terminalId, marker] of markers) {
      if (!seen.has(terminalId)) {
        marker.remove();
        markers.delete(terminalId);
      }
    }
  }, [vehicles, selectedId]);

  useEffect(() => {
    const layer = layersRef.current?.track;
    if (!layer) return;
    layer.clearLayers();
    if (track && track.length > 1) {
      L.polyline(
        track.map((p): L.LatLngTuple => [p.latitude, p.longitude]),
        { color: mapColors.track, weight: 3, opacity: 0.85, className: 'live-track' },
      ).addTo(layer);
    }
  }, [track]);

  // A newly selected car is brought into view close enough to see its track and its teaching area;
  // later refreshes leave the view alone.
  useEffect(() => {
    const marker = selectedId ? markersRef.current.get(selectedId) : undefined;
    const map = mapRef.current;
    if (!marker || !map) return;
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), SELECTED_ZOOM));
  }, [selectedId]);

  // Zoom to the cars once they first arrive (to the region's fences and schools until then), and again
  // on request; never on a refresh, which would undo the user's own panning every five seconds.
  const fitBasis = vehicles.length > 0 ? 'vehicles' : fences.length + schools.length > 0 ? 'region' : null;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !fitBasis) return;
    const key = `${fitBasis}:${fitRequest}`;
    if (fittedRef.current === key) return;
    const box = initialBounds(vehicles, fences, schools);
    if (box) {
      map.fitBounds(box, { padding: [32, 32], maxZoom: 16 });
      fittedRef.current = key;
    }
    // Only the basis and explicit requests re-fit; `vehicles` changes on every refresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitBasis, fitRequest]);

  return (
    <div
      ref={containerRef}
      className="live-map"
      role="region"
      aria-label={mapLabel}
      style={{ width: '100%', height: '100%' }}
    />
  );
}
