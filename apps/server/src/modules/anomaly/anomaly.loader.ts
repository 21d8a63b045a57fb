/**
 * From stored telemetry (0004_telemetry: positions, minute_records, photos; the audit's minute_verdicts) to the
 * detectors' inputs, for a batch of sessions at once: two statements load every session's fixes and
 * minutes, one packed row per session (anomaly.repository.ts).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { MinuteRecord, SessionPhoto, TimedMessage, TrackPoint } from './detectors.ts';
import type { FenceMinute } from './out-of-fence.ts';
import type { AnomalyRepository, MinutePoint, PositionPoint, SessionRow } from './anomaly.repository.ts';

/** JT/T 808 status bit 1: 1 = the GNSS has a fix (定位), 0 = no fix. */
const STATUS_FIX = 0b10;

export type SessionInputs = {
  session: SessionRow;
  track: TrackPoint[];
  minutes: MinuteRecord[];
  fenceMinutes: FenceMinute[];
  messages: TimedMessage[];
  photos: SessionPhoto[];
};

export function toTrackPoint(p: PositionPoint): TrackPoint {
  return {
    atMs: p.atMs,
    latitude: p.latitude,
    longitude: p.longitude,
    gnssSpeedDecikmh: Math.round(p.speedKmh * 10),
    recorderSpeedDecikmh: p.recorderSpeedDecikmh,
    directionDeg: p.direction,
    gnssFix: (Number(p.statusBits) & STATUS_FIX) !== 0,
  };
}

export function toMinuteRecord(m: MinutePoint): MinuteRecord {
  return {
    atMs: m.atMs,
    maxSpeedDecikmh: m.maxSpeedDecikmh,
    mileageDecikm: m.mileageDecikm,
    recorderSpeedDecikmh: m.recorderSpeedDecikmh,
    engineRpm: m.engineRpm,
    // A minute record carries no fix bit; a position in its GNSS block is taken as a fix.
    gnssFix: m.latitude !== null && m.longitude !== null,
    latitude: m.latitude,
    longitude: m.longitude,
  };
}

export async function loadSessionInputs(
  db: Kysely<DB>,
  repo: AnomalyRepository,
  sessions: readonly SessionRow[],
): Promise<SessionInputs[]> {
  // Two statements on two connections (PostgreSQL): the database packs one while we parse the other.
  const [positions, minutes, outside, photos] = await Promise.all([
    repo.findPositions(db, sessions),
    repo.findMinutes(db, sessions),
    repo.findOutsideFenceMinutes(
      db,
      sessions.map((s) => s.id),
    ),
    repo.findPhotos(db, sessions),
  ]);
  return sessions.map((session, i) => {
    const ps = positions[i]!;
    const ms = minutes[i]!;
    const messages: TimedMessage[] = [];
    for (const p of ps) messages.push({ atMs: p.atMs, receivedAtMs: p.receivedAtMs, resent: p.blind });
    for (const m of ms) messages.push({ atMs: m.atMs, receivedAtMs: m.receivedAtMs, resent: m.blind });
    return {
      session,
      track: ps.map(toTrackPoint),
      minutes: ms.map(toMinuteRecord),
      fenceMinutes: ms.map((m) => ({
        atMs: m.atMs,
        latitude: m.latitude,
        longitude: m.longitude,
        outsideFence: outside.get(session.id)?.has(m.atMs) ?? false,
      })),
      messages,
      photos: photos[i]!,
    };
  });
}
