import { describe, expect, it } from 'vitest';
import type { Fence, LiveVehicle, MonitoredSchool } from './types.ts';
import { initialBounds, positionedVehicles, vehicleStateOf } from './vehicle-state.ts';

const vehicle = (overrides: Partial<LiveVehicle>): LiveVehicle => ({
  terminalId: 't',
  terminalNumber: 'T000000000000001',
  vehicleId: null,
  plate: '鲁A1001学',
  schoolId: 's',
  schoolName: '测试驾校',
  latitude: 36.6,
  longitude: 117.0,
  speedKmh: 0,
  direction: 0,
  fixTime: null,
  online: true,
  lastSeenAt: null,
  coachName: null,
  session: null,
  ...overrides,
});
const session = {
  classroomId: 1,
  signedInAt: '2026-11-02T01:00:00.000Z',
  traineeName: '学员',
  coachName: '教练',
};

describe('vehicleStateOf', () => {
  it('is training only when online with a trainee signed in', () => {
    expect(vehicleStateOf(vehicle({ online: true, session }))).toBe('training');
    expect(vehicleStateOf(vehicle({ online: true, session: null }))).toBe('online');
    // An open sign-in on a car that went silent is not training anyone we can see.
    expect(vehicleStateOf(vehicle({ online: false, session }))).toBe('offline');
  });
});

describe('positionedVehicles', () => {
  it('drops cars without a fix and the 0,0 no-fix placeholder', () => {
    const cars = [
      vehicle({ terminalId: 'a' }),
      vehicle({ terminalId: 'b', latitude: null }),
      vehicle({ terminalId: 'c', latitude: 0, longitude: 0 }),
    ];

    expect(positionedVehicles(cars).map((v) => v.terminalId)).toEqual(['a']);
  });
});

describe('initialBounds', () => {
  const fence: Fence = {
    type: 'Feature',
    id: 'f',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [116.9, 36.5],
          [117.3, 36.5],
          [117.3, 36.8],
          [116.9, 36.5],
        ],
      ],
    },
    properties: { schoolId: 's', schoolName: '测试驾校', name: '场地', kind: 'training_ground' },
  };
  const school: MonitoredSchool = {
    id: 's',
    name: '测试驾校',
    shortName: '测试',
    latitude: 36.9,
    longitude: 116.8,
  };

  it('frames the cars when there are some', () => {
    const cars = positionedVehicles([
      vehicle({ latitude: 36.6, longitude: 117.0 }),
      vehicle({ latitude: 36.7, longitude: 117.2 }),
    ]);

    expect(initialBounds(cars, [fence], [school])).toEqual([
      [36.6, 117.0],
      [36.7, 117.2],
    ]);
  });

  it('falls back to fences and schools, and to nothing', () => {
    expect(initialBounds([], [fence], [school])).toEqual([
      [36.5, 116.8],
      [36.9, 117.3],
    ]);
    expect(initialBounds([], [], [])).toBeNull();
  });
});
