import type { Rng } from './rng.ts';

/**
 * Scenario profiles. Each makes a car behave in one way a supervision platform must notice (see
 * README for what each should trigger).
 */
export const PROFILES = [
  'honest',
  'paoma',
  'replay',
  'out-of-fence',
  'clock-drift',
  'offline-resend',
  'malformed',
  'emulator',
  'gnss-spoof',
  'face-mismatch',
  'camera-blocked',
  'photo-reuse',
  'mixed',
] as const;

export type ProfileName = (typeof PROFILES)[number];
/** What one car does; `mixed` is only a fleet-level blend. */
export type CarProfile = Exclude<ProfileName, 'mixed'>;

export function isProfile(name: string): name is ProfileName {
  return (PROFILES as readonly string[]).includes(name);
}

/** Share of each behaviour in a `mixed` fleet: mostly honest cars, a few of every kind of trouble. */
const MIX: [CarProfile, number][] = [
  ['honest', 0.64],
  ['paoma', 0.045],
  ['replay', 0.045],
  ['out-of-fence', 0.045],
  ['clock-drift', 0.045],
  ['offline-resend', 0.045],
  ['malformed', 0.045],
  ['emulator', 0.045],
  ['gnss-spoof', 0.045],
];

export function profileForCar(profile: ProfileName, rng: Rng): CarProfile {
  if (profile !== 'mixed') return profile;
  let x = rng.next();
  for (const [name, share] of MIX) {
    if (x < share) return name;
    x -= share;
  }
  return 'honest';
}

/** Knobs of the profiles, with defaults that show the effect within a short run. */
export type ProfileSettings = {
  /** clock-drift: device clock minus true time, ms. Default +7 minutes. */
  clockDriftMs: number;
  /** offline-resend: the link drops this many minutes into each session… */
  offlineAfterMinutes: number;
  /** …for this many minutes. */
  offlineForMinutes: number;
  /** malformed: one malformed write per this many frames. */
  malformedEvery: number;
};

export const DEFAULT_PROFILE_SETTINGS: ProfileSettings = {
  clockDriftMs: 7 * 60_000,
  offlineAfterMinutes: 3,
  offlineForMinutes: 3,
  malformedEvery: 8,
};
