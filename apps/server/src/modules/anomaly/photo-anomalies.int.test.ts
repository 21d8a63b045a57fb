import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpGateway, type GatewayTest } from '../../../test/gateway-fixtures.ts';
import { driveSessions, fileTeachingGround, simRegistry } from '../../../test/sim-sessions.ts';

/*
 * The photo signals end to end: simulated terminals upload their photos over TCP (0x0305 with the face
 * confidence, 0x0306 packets), the sessions are assembled and audited, and the jobs' scorer reads the
 * stored photos — their face confidence, and the content hash the database keeps beside the bytes.
 */

let t: GatewayTest;
const sims = simRegistry();
const logs: Record<'mismatch' | 'blocked' | 'honest', string> = { mismatch: '', blocked: '', honest: '' };
let reuse: string[] = [];

beforeAll(async () => {
  t = await setUpGateway({ MINUTE_RECORD_FUTURE_TOLERANCE_S: '86400' });
  await fileTeachingGround(t);
  // 31 minutes: photos at coach login, trainee login, minutes 15 and 30, and trainee logout.
  logs.mismatch = (
    await driveSessions(t, sims, { profile: 'face-mismatch', minutes: [31], seed: 'p-1' })
  ).logIds[0]!;
  logs.blocked = (
    await driveSessions(t, sims, { profile: 'camera-blocked', minutes: [31], seed: 'p-2' })
  ).logIds[0]!;
  logs.honest = (await driveSessions(t, sims, { profile: 'honest', minutes: [31], seed: 'p-3' })).logIds[0]!;
  // The second session uploads the first one's trainee login photo again for each trainee photo.
  reuse = (await driveSessions(t, sims, { profile: 'photo-reuse', minutes: [16, 16], seed: 'p-4' })).logIds;
  await t.ctx.app.anomaly.scoreDue();
}, 120_000);

afterAll(async () => {
  await sims.stop();
  await t.ctx.close();
});

const findings = (logId: string) =>
  t.ctx.app.db
    .selectFrom('sessionFindings')
    .select(['detector', 'evidence', 'counted'])
    .where('teachingLogId', '=', logId)
    .execute();
const risk = (logId: string) =>
  t.ctx.app.db
    .selectFrom('sessionRisks')
    .select(['level', 'detectors'])
    .where('teachingLogId', '=', logId)
    .executeTakeFirstOrThrow();

describe('photo signals from real uploads', () => {
  it('stores a content hash for every complete photo, equal for equal bytes', async () => {
    const rows = await t.ctx.app.db
      .selectFrom('photos')
      .select(['status', 'contentSha256'])
      .where('status', '=', 'complete')
      .execute();
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.every((r) => r.contentSha256 !== null && r.contentSha256.length === 32)).toBe(true);
    const distinct = new Set(rows.map((r) => Buffer.from(r.contentSha256!).toString('hex')));
    // The reusing car's three later trainee photos repeat one picture.
    expect(distinct.size).toBe(rows.length - 3);
  });

  it('flags a stand-in trainee (face-mismatch) high, with the photos counted', async () => {
    expect(await risk(logs.mismatch)).toMatchObject({ level: 'high', detectors: ['face-mismatch'] });
    const [f] = await findings(logs.mismatch);
    expect(f).toMatchObject({
      detector: 'face-mismatch',
      counted: true,
      evidence: { traineePhotos: 4, poorPhotos: 4 },
    });
    expect(Number((f!.evidence as { bestConfidence: number }).bestConfidence)).toBeLessThan(60);
  });

  it('flags a lens covered after login (camera-blocked) medium', async () => {
    expect(await risk(logs.blocked)).toMatchObject({ level: 'medium', detectors: ['camera-blocked'] });
    expect(await findings(logs.blocked)).toMatchObject([
      { detector: 'camera-blocked', evidence: { photosWithoutFace: 3, photos: 5 } },
    ]);
  });

  it('flags each photo of the second session that repeats the first session’s, not the original', async () => {
    expect(await findings(reuse[0]!)).toEqual([]);
    const later = await findings(reuse[1]!);
    expect(later.map((f) => f.detector)).toEqual(['photo-reused', 'photo-reused', 'photo-reused']);
    const original = await t.ctx.app.db
      .selectFrom('photos')
      .innerJoin('teachingLogs', (j) =>
        j
          .onRef('teachingLogs.terminalId', '=', 'photos.terminalId')
          .onRef('teachingLogs.classroomId', '=', 'photos.classroomId'),
      )
      .select('photos.photoNumber')
      .where('teachingLogs.id', '=', reuse[0]!)
      .where('photos.eventType', '=', 17)
      .executeTakeFirstOrThrow();
    for (const f of later) {
      expect(f.evidence).toMatchObject({ originalPhotoNumber: original.photoNumber });
    }
    expect((await risk(reuse[1]!)).level).toBe('high');
  });

  it('leaves an honest camera alone', async () => {
    expect(await findings(logs.honest)).toEqual([]);
    expect((await risk(logs.honest)).level).toBe('none');
  });
});
