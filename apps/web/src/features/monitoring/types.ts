import type { ResponseOf } from '../../api/types.ts';

export type LiveVehicleList = ResponseOf<'/api/monitoring/vehicles', 'get'>;
export type LiveVehicle = LiveVehicleList['items'][number];
export type VehicleTrack = ResponseOf<'/api/monitoring/vehicles/{terminalId}/track', 'get'>;
export type TrackPoint = VehicleTrack['points'][number];
export type CurrentSession = ResponseOf<'/api/monitoring/vehicles/{terminalId}/session', 'get'>['session'];
export type FenceCollection = ResponseOf<'/api/monitoring/fences', 'get'>;
/** Coordinates typed loosely ([lon, lat] pairs as number[]), as the typed client hands them over. */
export type Fence = Omit<FenceCollection['features'][number], 'geometry'> & {
  geometry: { type: 'Polygon'; coordinates: number[][][] };
};
export type MonitoredSchool = ResponseOf<'/api/monitoring/schools', 'get'>['items'][number];
