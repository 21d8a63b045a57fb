import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { GroundGrid } from '../../../../components/ground-grid.ts';
import type { RegulatorDashboard } from '../../../../api/types.ts';

type AnomalyMapProps = {
  cells: RegulatorDashboard['anomalyMap'];
  /** The accessible name of the map and, per cell, of its circle. */
  mapLabel: string;
  cellLabel: (cell: RegulatorDashboard['anomalyMap'][number]) => string;
  color: string;
};

const START_VIEW: L.LatLngTuple = [36.67, 117.02];

/** Where anomalies happen: one circle per grid cell, its area growing with the findings in it. */
export default function AnomalyMap({ cells, mapLabel, cellLabel, color }: AnomalyMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<{ map: L.Map; layer: L.FeatureGroup } | null>(null);
  const labelRef = useRef(cellLabel);
  useEffect(() => {
    labelRef.current = cellLabel;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { attributionControl: false, minZoom: 4, maxZoom: 17 }).setView(
      START_VIEW,
      9,
    );
    new GroundGrid({ tileSize: 128 }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    mapRef.current = { map, layer: L.featureGroup().addTo(map) };
    return () => {
      mapRef.current = null;
      map.remove();
    };
  }, []);

  useEffect(() => {
    const current = mapRef.current;
    if (!current) return;
    current.layer.clearLayers();
    const largest = Math.max(1, ...cells.map((c) => c.findings));
    for (const cell of cells) {
      const label = labelRef.current(cell);
      const marker = L.circleMarker([cell.latitude, cell.longitude], {
        // Area, not radius, follows the count, so a cell with four times the findings looks four times as big.
        radius: 4 + 16 * Math.sqrt(cell.findings / largest),
        color,
        weight: 1,
        fillColor: color,
        fillOpacity: 0.45,
      })
        .bindTooltip(label)
        .addTo(current.layer);
      marker.getElement()?.setAttribute('aria-label', label);
    }
    if (cells.length > 0) {
      current.map.fitBounds(current.layer.getBounds(), { padding: [24, 24], maxZoom: 13 });
    }
  }, [cells, color]);

  return (
    <div ref={containerRef} role="region" aria-label={mapLabel} style={{ height: 320, width: '100%' }} />
  );
}
