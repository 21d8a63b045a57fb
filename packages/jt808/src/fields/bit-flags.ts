/*
 * Named bits of the 0x0200 alarm and status words (JT/T 808-2013 表24 状态位定义, 表25 报警标志位定义;
 * REFERENCE §1.7 for the 驾培 use of status bit 6). The decoded messages keep the raw words so that
 * encoding is exact; these helpers turn them into booleans for readers.
 */

export const StatusBit = {
  accOn: 0,
  positioned: 1,
  southLatitude: 2,
  westLongitude: 3,
  outOfService: 4,
  coordinatesEncrypted: 5,
  /** 驾培 terminals: 1 = blind-area resend (补传) [REFERENCE §1.7, C-impl]. */
  resend: 6,
  fuelCircuitCut: 10,
  electricCircuitCut: 11,
  doorsLocked: 12,
  gps: 18,
  beidou: 19,
  glonass: 20,
  galileo: 21,
} as const;

export const AlarmBit = {
  emergency: 0,
  overspeed: 1,
  fatigueDriving: 2,
  dangerWarning: 3,
  gnssModuleFault: 4,
  gnssAntennaDisconnected: 5,
  gnssAntennaShorted: 6,
  mainPowerUndervoltage: 7,
  mainPowerOff: 8,
  displayFault: 9,
  ttsFault: 10,
  cameraFault: 11,
  icCardModuleFault: 12,
  overspeedWarning: 13,
  fatigueWarning: 14,
  drivingTimeoutToday: 18,
  parkingTimeout: 19,
  areaInOut: 20,
  routeInOut: 21,
  routeTimeAbnormal: 22,
  routeDeviation: 23,
  vssFault: 24,
  fuelAbnormal: 25,
  vehicleStolen: 26,
  illegalIgnition: 27,
  illegalDisplacement: 28,
  collisionWarning: 29,
  rolloverWarning: 30,
  illegalDoorOpen: 31,
} as const;

export type StatusFlags = { [K in keyof typeof StatusBit]: boolean };
export type AlarmFlags = { [K in keyof typeof AlarmBit]: boolean };

function flags<T extends Record<string, number>>(word: number, bits: T): { [K in keyof T]: boolean } {
  const out = {} as { [K in keyof T]: boolean };
  for (const key of Object.keys(bits) as (keyof T)[]) out[key] = ((word >>> bits[key]!) & 1) === 1;
  return out;
}

/** Status word → named booleans. */
export function statusFlags(status: number): StatusFlags {
  return flags(status, StatusBit);
}

/** Alarm word → named booleans. */
export function alarmFlags(alarm: number): AlarmFlags {
  return flags(alarm, AlarmBit);
}

/** Test one bit of a 32-bit word. */
export function hasBit(word: number, bit: number): boolean {
  return ((word >>> bit) & 1) === 1;
}
