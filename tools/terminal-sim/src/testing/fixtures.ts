import type { FleetCar } from '../fleet-file.ts';
import { planeAround } from '../geo.ts';

/** A GeoJSON ring from metre offsets around (lon0, lat0). */
export function ringAround(lon0: number, lat0: number, points: [number, number][]): [number, number][] {
  const plane = planeAround(lon0, lat0);
  const ring = points.map(([x, y]) => {
    const p = plane.toLonLat({ x, y });
    return [p.longitude, p.latitude] as [number, number];
  });
  ring.push(ring[0]!);
  return ring;
}

/** A training ground: an irregular hexagon about 400 m across (like the demo seed's grounds). */
export const GROUND = {
  type: 'Polygon' as const,
  coordinates: [
    ringAround(117.12, 36.65, [
      [-200, -60],
      [-90, -190],
      [130, -170],
      [210, 20],
      [80, 180],
      [-150, 140],
    ]),
  ],
};

/** A road route: a 30 m wide corridor 1.6 km long with a bend (like the seed's road_route areas). */
export const CORRIDOR = {
  type: 'Polygon' as const,
  coordinates: [
    ringAround(117.2, 36.7, [
      [0, -15],
      [800, -15],
      [1580, 160],
      [1574, 190],
      [800, 15],
      [0, 15],
    ]),
  ],
};

export function testCar(overrides: Partial<FleetCar> = {}): FleetCar {
  return {
    terminalNumber: '3701020000000001',
    phone: '013912345678',
    imei: '860000000000001',
    serialNumber: 'SN00001',
    maker: '70110',
    model: 'JPSIM-1',
    regionCode: '370102',
    plate: '鲁A1234学',
    plateColor: 2,
    licenceClass: 'C1',
    protocol: '2013',
    coach: { coachNumber: '3701022019000001', idNumber: '370102198001011234', licenceClass: 'C1' },
    trainees: [
      { traineeNumber: '3701022024000001', licenceClass: 'C1' },
      { traineeNumber: '3701022024000002', licenceClass: 'C1' },
    ],
    area: GROUND,
    ...overrides,
  };
}
