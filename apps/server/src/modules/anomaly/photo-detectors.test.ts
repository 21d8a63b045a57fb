import { describe, expect, it } from 'vitest';
import {
  detectCameraBlocked,
  detectFaceMismatch,
  detectPhotoReuse,
  PHOTOS,
  type SessionPhoto,
} from './detectors.ts';

const T0 = Date.parse('2026-11-02T09:00:00+08:00');
const MIN = 60_000;

/** A session's photos: coach login, trainee login, `during` in training, trainee logout. */
function photos(faces: { coach?: number; trainee: number[] }): SessionPhoto[] {
  const shot = (i: number, eventType: number, face: number): SessionPhoto => ({
    atMs: T0 + i * 15 * MIN,
    photoNumber: String(i + 1).padStart(10, '0'),
    eventType,
    faceConfidence: face,
    latitude: 36.66,
    longitude: 117.05,
    sameAs: null,
  });
  const n = faces.trainee.length;
  return [
    shot(0, 20, faces.coach ?? 92),
    ...faces.trainee.map((face, i) => shot(i + 1, i === 0 ? 17 : i === n - 1 ? 18 : 19, face)),
  ];
}

describe('photo-reused', () => {
  it('flags a photo whose bytes another session uploaded earlier, with where it came from', () => {
    const session = photos({ trainee: [91, 90, 93] });
    session[2] = {
      ...session[2]!,
      sameAs: { photoNumber: '0000000007', terminalNumber: '3701000000000042', atMs: T0 - 3 * 60 * MIN },
    };
    const found = detectPhotoReuse(session);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      detector: 'photo-reused',
      severity: 'high',
      evidence: { photoNumber: '0000000003', originalPhotoNumber: '0000000007', originalAgoMin: 210 },
      at: { latitude: 36.66, longitude: 117.05 },
    });
  });

  it('leaves the original alone: only the later copy is the reuse', () => {
    const session = photos({ trainee: [91, 90] });
    session[1] = {
      ...session[1]!,
      sameAs: { photoNumber: '0000000001', terminalNumber: '3701000000000042', atMs: T0 + 5 * 60 * MIN },
    };
    expect(detectPhotoReuse(session)).toEqual([]);
    expect(detectPhotoReuse(photos({ trainee: [91, 90] }))).toEqual([]);
  });
});

describe('face-mismatch', () => {
  it('flags a session whose trainee photos mostly match poorly, and not one or two poor matches', () => {
    const below = PHOTOS.faceMatchMin - 1;
    expect(detectFaceMismatch(photos({ trainee: [30, 41, 52] }))).toMatchObject([
      { detector: 'face-mismatch', evidence: { poorPhotos: 3, traineePhotos: 3, bestConfidence: 52 } },
    ]);
    expect(detectFaceMismatch(photos({ trainee: [below, below, 90] }))).toEqual([]);
    // Three poor of six is not more than half.
    expect(detectFaceMismatch(photos({ trainee: [below, below, below, 90, 91, 92] }))).toEqual([]);
    expect(detectFaceMismatch(photos({ trainee: [below, below, below, 90, 91] }))).toHaveLength(1);
    // At the threshold a face matches.
    expect(detectFaceMismatch(photos({ trainee: [60, 60, 60] }))).toEqual([]);
  });

  it('reads neither the coach photo nor photos without a face as the trainee’s', () => {
    expect(detectFaceMismatch(photos({ coach: 20, trainee: [30, 91, 92] }))).toEqual([]);
    expect(detectFaceMismatch(photos({ trainee: [30, 0, 0, 40] }))).toEqual([]);
  });
});

describe('camera-blocked', () => {
  it('flags a session that ends on photos without a face after one with a face', () => {
    expect(detectCameraBlocked(photos({ trainee: [90, 0, 0] }))).toMatchObject([
      {
        detector: 'camera-blocked',
        severity: 'high',
        evidence: { photosWithoutFace: 2, photos: 4 },
        fromMs: T0 + 30 * MIN,
        toMs: T0 + 45 * MIN,
      },
    ]);
  });

  it('forgives a face missing now and then, a short trailing run, and terminals that never report one', () => {
    expect(detectCameraBlocked(photos({ trainee: [90, 0, 91, 0] }))).toEqual([]);
    // Two trailing photos of six are under half.
    expect(detectCameraBlocked(photos({ trainee: [90, 91, 92, 93, 0, 0] }))).toEqual([]);
    // No face in any photo: a terminal without face recognition, or a camera dark all along — not this rule.
    expect(detectCameraBlocked(photos({ coach: 0, trainee: [0, 0, 0] }))).toEqual([]);
    const unreported = photos({ trainee: [90, 0, 0] }).map((p) => ({ ...p, faceConfidence: null }));
    expect(detectCameraBlocked(unreported)).toEqual([]);
  });
});
