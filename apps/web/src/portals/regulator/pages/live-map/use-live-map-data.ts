import { useMemo } from 'react';
import { useSession } from '../../../../features/auth/session-context.tsx';
import {
  useLiveVehicles,
  useMonitoringFences,
  useMonitoringSchools,
  useVehicleSession,
  useVehicleTrack,
} from '../../../../features/monitoring/queries.ts';
import { positionedVehicles } from '../../../../features/monitoring/vehicle-state.ts';

/** The server's name for the permission; police liaison accounts see the portal but not the map. */
const MONITORING_READ = 'regulator.monitoring.read';

/** Cars (refreshed every few seconds), fences and schools of the region, and the selected car's details. */
export function useLiveMapData(selectedId: string | null) {
  const { me } = useSession();
  const allowed = me.permissions.includes(MONITORING_READ);
  const vehicles = useLiveVehicles({ enabled: allowed });
  const fences = useMonitoringFences({ enabled: allowed });
  const schools = useMonitoringSchools({ enabled: allowed });
  const track = useVehicleTrack(allowed ? selectedId : null);
  const session = useVehicleSession(allowed ? selectedId : null);

  const items = vehicles.data?.items;
  const positioned = useMemo(() => positionedVehicles(items ?? []), [items]);
  const selected = items?.find((v) => v.terminalId === selectedId) ?? null;

  return { allowed, vehicles, positioned, fences, schools, track, session, selected };
}
