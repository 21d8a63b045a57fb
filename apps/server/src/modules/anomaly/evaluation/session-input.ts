import type { LabelledSession, RecordedSession } from '@jiapei/terminal-sim';
import type { MinuteRecord, SessionInterval, SessionPhoto, TimedMessage, TrackPoint } from '../detectors.ts';

/**
 * The simulator's recorded session as the detectors see stored telemetry (README "Inputs from the
 * stored telemetry"): positions with the terminal's time, GNSS and pulse speed in 0.1 km/h and the
 * fix bit; minute records with the fix at second 30; every message with terminal and receive time,
 * 补传 marked as resent.
 */
export function trackOf(s: RecordedSession): TrackPoint[] {
  return s.positions.map((p) => ({
    atMs: p.deviceTime,
    latitude: p.fix.latitude,
    longitude: p.fix.longitude,
    gnssSpeedDecikmh: Math.round(p.fix.speedKmh * 10),
    recorderSpeedDecikmh: Math.round(p.fix.recorderSpeedKmh * 10),
    directionDeg: p.fix.direction,
    gnssFix: p.fix.gnssFix,
  }));
}

export function minutesOf(s: RecordedSession): MinuteRecord[] {
  return s.minutes.map((m) => ({
    atMs: m.deviceTime,
    maxSpeedDecikmh: Math.round(m.maxSpeedKmh * 10),
    mileageDecikm: Math.round(m.mileageKm * 10),
    recorderSpeedDecikmh: Math.round(m.fix.recorderSpeedKmh * 10),
    engineRpm: m.fix.engineRpm,
    gnssFix: m.fix.gnssFix,
    latitude: m.fix.latitude,
    longitude: m.fix.longitude,
  }));
}

export function messagesOf(s: RecordedSession): TimedMessage[] {
  return [...s.positions, ...s.minutes].map((m) => ({
    atMs: m.deviceTime,
    receivedAtMs: m.receivedAt,
    resent: m.resent,
  }));
}

export function intervalOf(s: LabelledSession): SessionInterval {
  return {
    sessionId: s.sessionId,
    traineeId: s.traineeId,
    coachId: s.coachId,
    vehicleId: s.vehicleId,
    kind: s.kind,
    startMs: s.startMs,
    endMs: s.endMs,
  };
}

/** Where a picture was first seen: photo bytes are identified by the simulator's label (photo.ts). */
export type PhotoOrigins = Map<string, { sessionId: string } & NonNullable<SessionPhoto['sameAs']>>;

/**
 * The session's photos as stored (time order, face confidence, place), each linked to the earliest
 * photo of another session with the same bytes; then this session's pictures join `origins`.
 */
export function photosOf(s: LabelledSession, origins: PhotoOrigins): SessionPhoto[] {
  const recorded = s.recorded?.photos ?? [];
  const photos = recorded.map((p, i) => {
    const origin = origins.get(p.label);
    return {
      atMs: p.deviceTime,
      photoNumber: String(i + 1).padStart(10, '0'),
      eventType: p.eventType,
      faceConfidence: p.faceConfidence,
      latitude: null,
      longitude: null,
      sameAs:
        origin && origin.sessionId !== s.sessionId
          ? { photoNumber: origin.photoNumber, terminalNumber: origin.terminalNumber, atMs: origin.atMs }
          : null,
    };
  });
  recorded.forEach((p, i) => {
    if (!origins.has(p.label)) {
      origins.set(p.label, {
        sessionId: s.sessionId,
        photoNumber: photos[i]!.photoNumber,
        terminalNumber: s.vehicleId ?? '',
        atMs: photos[i]!.atMs,
      });
    }
  });
  return photos;
}
