import type { Fence, LiveVehicle, MonitoredSchool } from './types.ts';

/** What a car's marker shows: training (online with a trainee signed in), online and idle, or offline. */
export type VehicleState = 'training' | 'online' | 'offline';

export const vehicleStates: readonly VehicleState[] = ['training', 'online', 'offline'];

export function vehicleStateOf(vehicle: Pick<LiveVehicle, 'online' | 'session'>): VehicleState {
  if (!vehicle.online) return 'offline';
  return vehicle.session ? 'training' : 'online';
}

export type Positioned<T> = T & { latitude: number; longitude: number };

/** Cars that have reported a fix; the others are counted but cannot be drawn. */
export function positionedVehicles(vehicles: readonly LiveVehicle[]): Positioned<LiveVehicle>[] {
  return vehicles.filter(
    (v): v is Positioned<LiveVehicle> =>
      v.latitude !== null &&
      v.longitude !== null &&
      Number.isFinite(v.latitude) &&
      Number.isFinite(v.longitude) &&
      // 0,0 is what a terminal without a fix often sends; it is in the Gulf of Guinea, not a school.
      !(v.latitude === 0 && v.longitude === 0),
  );
}

/** A GeoJSON [lon, lat] position as [lat, lon], or nothing for a malformed one. */
export function latLngOf(position: readonly number[]): Array<[number, number]> {
  const [lon, lat] = position;
  return lon === undefined || lat === undefined ? [] : [[lat, lon]];
}

/** [[south, west], [north, east]] */
export type LatLngBox = [[number, number], [number, number]];

/**
 * What the map zooms to on opening: the cars when there are any (that is what a regulator watches),
 * otherwise the fences and schools of the region. Null when there is nothing to show.
 */
export function initialBounds(
  vehicles: readonly Positioned<LiveVehicle>[],
  fences: readonly Fence[],
  schools: readonly MonitoredSchool[],
): LatLngBox | null {
  const points: Array<[number, number]> =
    vehicles.length > 0
      ? vehicles.map((v) => [v.latitude, v.longitude])
      : [
          ...fences.flatMap((f) => (f.geometry.coordinates[0] ?? []).flatMap(latLngOf)),
          ...schools.map((s): [number, number] => [s.latitude, s.longitude]),
        ];
  if (points.length === 0) return null;
  let south = Infinity;
  let west = Infinity;
  let north = -Infinity;
  let east = -Infinity;
  for (const [lat, lon] of points) {
    south = Math.min(south, lat);
    north = Math.max(north, lat);
    west = Math.min(west, lon);
    east = Math.max(east, lon);
  }
  return [
    [south, west],
    [north, east],
  ];
}
