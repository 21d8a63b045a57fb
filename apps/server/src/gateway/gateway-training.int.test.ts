import { ExtMsgId, GeneralResult } from '@jiapei/jt808';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTrainee, newVehicle, newTerminal } from '../../test/factories.ts';
import {
  beijingTime,
  gnss,
  gnss38,
  publicPem,
  setUpGateway,
  type GatewayTest,
} from '../../test/gateway-fixtures.ts';
import type { TestTerminal } from '../../test/terminal-client.ts';

let t: GatewayTest;
beforeAll(async () => {
  t = await setUpGateway();
});
afterAll(() => t.ctx.close());

const COURSE_C1_PART2 = '1212120000'; // 实操, C1, 第二部分, 场地驾驶 (REFERENCE §1.9)
const ID_CARD = '370102199001011234';

type Car = Awaited<ReturnType<GatewayTest['filedCar']>>;

function minute(car: Car, n: number, overrides: Record<string, unknown> = {}) {
  return {
    recordNo: `${car.terminal.terminalNumber}261102${String(n).padStart(4, '0')}`,
    reportType: 1,
    traineeNo: car.trainee.traineeNumber,
    coachNo: car.coach.coachNumber,
    classId: 4242,
    recordTime: beijingTime(1 + n).slice(11, 19),
    courseCode: COURSE_C1_PART2,
    recordStatus: 0,
    maxSpeedKmh: 40,
    mileageKm: 0.5,
    gnss: gnss38(1 + n),
    ...overrides,
  };
}

/** Sends an extended message twice, byte for byte (a terminal that did not see our answer). */
function sendTwice(client: TestTerminal, id: number, data: unknown, serial?: number) {
  const { frame, serial: frameSerial } = client.sendExtended(
    id,
    data,
    serial === undefined ? {} : { serial },
  );
  client.write(frame);
  return frameSerial;
}

async function rows(terminalId: string) {
  const db = t.ctx.app.db;
  return {
    coach: await db.selectFrom('coachSignIns').selectAll().where('terminalId', '=', terminalId).execute(),
    trainee: await db.selectFrom('traineeSignIns').selectAll().where('terminalId', '=', terminalId).execute(),
    minutes: await db.selectFrom('minuteRecords').selectAll().where('terminalId', '=', terminalId).execute(),
    photos: await db.selectFrom('photos').selectAll().where('terminalId', '=', terminalId).execute(),
    quarantined: await db
      .selectFrom('quarantinedRecords')
      .selectAll()
      .where('terminalId', '=', terminalId)
      .execute(),
  };
}

describe('a whole 驾培 training session', () => {
  it('is stored exactly once when every frame is sent twice', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    t.ctx.clock.set(new Date('2026-11-02T09:30:00+08:00'));

    sendTwice(client, ExtMsgId.coachLogin, {
      coachNo: car.coach.coachNumber,
      idCardNo: ID_CARD,
      licenceClass: 'C1',
      gnss: gnss(0),
    });
    expect((await client.extended(ExtMsgId.coachLoginReply)).data).toMatchObject({ result: 1 });
    expect((await client.extended(ExtMsgId.coachLoginReply)).data).toMatchObject({ result: 1 });

    sendTwice(client, ExtMsgId.traineeLogin, {
      traineeNo: car.trainee.traineeNumber,
      coachNo: car.coach.coachNumber,
      courseCode: COURSE_C1_PART2,
      classId: 4242,
      gnss: gnss(1),
    });
    const login = await client.extended(ExtMsgId.traineeLoginReply);
    expect(login.data).toMatchObject({ result: 1, traineeNo: car.trainee.traineeNumber, totalMinutes: 0 });

    for (let n = 1; n <= 3; n++) {
      const serial = sendTwice(client, ExtMsgId.minuteRecord, minute(car, n));
      expect((await client.reply(serial)).body.result).toBe(GeneralResult.ok);
    }

    // A photo in three 0x0306 packets, each resent.
    const jpeg = Uint8Array.from({ length: 1500 }, (_, i) => (i * 7) % 256);
    sendTwice(client, ExtMsgId.photoUploadInit, {
      photoNo: '0000000001',
      personNo: car.trainee.traineeNumber,
      uploadMode: 129,
      channel: 1,
      size: 1,
      eventType: 19,
      totalPackets: 3,
      photoBytes: jpeg.length,
      classId: 4242,
      gnss: gnss38(4),
      faceConfidence: 88,
    });
    expect((await client.extended(ExtMsgId.photoUploadInitReply)).data).toMatchObject({ result: 0 });
    for (let p = 0; p < 3; p++) {
      const serial = sendTwice(client, ExtMsgId.photoData, {
        photoNo: '0000000001',
        data: jpeg.subarray(p * 500, (p + 1) * 500),
      });
      expect((await client.reply(serial)).body.result).toBe(GeneralResult.ok);
    }

    sendTwice(client, ExtMsgId.traineeLogout, {
      traineeNo: car.trainee.traineeNumber,
      logoutTime: beijingTime(20),
      loginMinutes: 19,
      loginMileageKm: 3.5,
      classId: 4242,
      gnss: gnss(20),
    });
    expect((await client.extended(ExtMsgId.traineeLogoutReply)).data).toMatchObject({ result: 1 });
    expect((await client.extended(ExtMsgId.traineeLogoutReply)).data).toMatchObject({ result: 1 });

    sendTwice(client, ExtMsgId.coachLogout, { coachNo: car.coach.coachNumber, gnss: gnss(21) });
    expect((await client.extended(ExtMsgId.coachLogoutReply)).data).toMatchObject({ result: 1 });
    expect((await client.extended(ExtMsgId.coachLogoutReply)).data).toMatchObject({ result: 1 });

    const stored = await rows(car.terminal.id);
    expect(stored.coach).toHaveLength(1);
    expect(stored.coach[0]!.signedOutAt?.toISOString()).toBe(new Date(beijingTime(21)).toISOString());
    expect(stored.trainee).toHaveLength(1);
    expect(stored.trainee[0]).toMatchObject({
      reportedMinutes: 19,
      reportedMileageDecikm: 35,
      classroomId: 4242,
    });
    expect(stored.minutes.map((m) => m.recordNumber).sort()).toEqual(
      [1, 2, 3].map((n) => minute(car, n).recordNo),
    );
    expect(stored.minutes[0]).toMatchObject({ mileageDecikm: 5, maxSpeedDecikmh: 400, blind: false });
    expect(stored.photos).toHaveLength(1);
    expect(stored.photos[0]).toMatchObject({
      status: 'complete',
      byteSize: 1500,
      faceConfidence: 88,
      eventType: 19,
    });
    expect(Buffer.compare(stored.photos[0]!.data!, Buffer.from(jpeg))).toBe(0);
    expect(stored.quarantined).toEqual([]);

    // The live row followed the session: trainee out, then coach out.
    await t.ctx.app.telemetry.flush();
    const live = await t.ctx.app.db
      .selectFrom('terminalStatus')
      .selectAll()
      .where('terminalId', '=', car.terminal.id)
      .executeTakeFirstOrThrow();
    expect(live).toMatchObject({ online: true, coachId: null, traineeId: null });
    await client.close();
  });
});

describe('sign-in rules', () => {
  it('answers coach login 2 for an unknown coach and 3 for a class the coach may not teach', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    client.sendExtended(ExtMsgId.coachLogin, {
      coachNo: '9999999999999999',
      idCardNo: ID_CARD,
      licenceClass: 'C1',
      gnss: gnss(0),
    });
    expect((await client.extended(ExtMsgId.coachLoginReply)).data).toMatchObject({ result: 2 });

    // The coach teaches C1 only; this car is a C2.
    const c2 = await newVehicle(t.ctx.app.db, t.school.id, { licenceClass: 'C2' });
    const c2Terminal = await newTerminal(t.ctx.app.db, t.school.id, {
      vehicleId: c2.id,
      certificatePem: publicPem,
    });
    const c2Client = await t.authenticated(c2Terminal);
    c2Client.sendExtended(ExtMsgId.coachLogin, {
      coachNo: car.coach.coachNumber,
      idCardNo: ID_CARD,
      licenceClass: 'C2',
      gnss: gnss(0),
    });
    expect((await c2Client.extended(ExtMsgId.coachLoginReply)).data).toMatchObject({ result: 3 });
    const quarantined = await rows(c2Terminal.id);
    expect(quarantined.quarantined.map((q) => q.reason)).toEqual(['class_not_allowed']);
    await Promise.all([client.close(), c2Client.close()]);
  });

  it('answers trainee login with the trainee’s credited totals: all parts, the session’s part, mileage', async () => {
    const car = await t.filedCar();
    const db = t.ctx.app.db;
    const log = (part: number, source: 'terminal' | 'classroom', credited: number, mileageM: number) => ({
      source,
      traineeId: car.trainee.id,
      schoolId: t.school.id,
      courseCode: `${source === 'terminal' ? 1 : 2}12${part}110000`,
      licenceClass: 'C1',
      part,
      startedAt: new Date(`2026-10-0${part}T09:00:00+08:00`),
      endedAt: new Date(`2026-10-0${part}T11:00:00+08:00`),
      totalMinutes: 60,
      validMinutes: credited,
      creditedMinutes: credited,
      mileageM,
      verdict: credited > 0 ? 'valid' : 'invalid',
      auditDue: false,
    });
    await db
      .insertInto('teachingLogs')
      .values([
        log(1, 'classroom', 60, 0),
        log(2, 'terminal', 45, 12_345),
        // A void session: its kilometres are not the trainee's.
        { ...log(2, 'terminal', 0, 5_000), startedAt: new Date('2026-10-02T10:00:00+08:00') },
      ])
      .execute();
    const client = await t.authenticated(car.terminal);

    client.sendExtended(ExtMsgId.traineeLogin, {
      traineeNo: car.trainee.traineeNumber,
      coachNo: car.coach.coachNumber,
      courseCode: COURSE_C1_PART2,
      classId: 77,
      gnss: gnss(1),
    });
    const reply = await client.extended(ExtMsgId.traineeLoginReply);

    expect(reply.data).toMatchObject({
      result: 1,
      totalMinutes: 105,
      partDoneMinutes: 45,
      totalMileageKm: 12.3,
      partDoneMileageKm: 12.3,
    });
    await client.close();
  });

  it('answers trainee login 2 unknown, 3 not in training, 5 class mismatch', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    const login = (traineeNo: string, courseCode = COURSE_C1_PART2) =>
      client.sendExtended(ExtMsgId.traineeLogin, {
        traineeNo,
        coachNo: car.coach.coachNumber,
        courseCode,
        classId: 7,
        gnss: gnss(1),
      });
    login('0000000000000000');
    expect((await client.extended(ExtMsgId.traineeLoginReply)).data).toMatchObject({ result: 2 });

    const graduated = await newTrainee(t.ctx.app.db, t.ctx.app.vault, t.school.id);
    await t.ctx.app.db
      .updateTable('trainees')
      .set({ status: 'graduated' })
      .where('id', '=', graduated.id)
      .execute();
    login(graduated.traineeNumber);
    expect((await client.extended(ExtMsgId.traineeLoginReply)).data).toMatchObject({ result: 3 });

    // The course names C2 (22) while the trainee and the car are C1.
    login(car.trainee.traineeNumber, '1222120000');
    expect((await client.extended(ExtMsgId.traineeLoginReply)).data).toMatchObject({ result: 5 });

    const stored = await rows(car.terminal.id);
    expect(stored.trainee).toEqual([]);
    expect(stored.quarantined.map((q) => q.reason).sort()).toEqual([
      'class_mismatch',
      'trainee_forbidden',
      'unknown_trainee',
    ]);
    await client.close();
  });
});

describe('quarantine and impossible values', () => {
  it('quarantines a minute record of an unknown trainee once, acknowledges it, and never drops it', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    const serial = sendTwice(
      client,
      ExtMsgId.minuteRecord,
      minute(car, 1, { traineeNo: '1111111111111111' }),
    );
    expect((await client.reply(serial)).body.result).toBe(GeneralResult.ok);
    expect((await client.reply(serial)).body.result).toBe(GeneralResult.ok);
    const stored = await rows(car.terminal.id);
    expect(stored.minutes).toEqual([]);
    expect(stored.quarantined).toHaveLength(1);
    expect(stored.quarantined[0]).toMatchObject({ kind: 'minute_record', reason: 'unknown_trainee' });
    expect((stored.quarantined[0]!.payload as { traineeNo: string }).traineeNo).toBe('1111111111111111');
    await client.close();
  });

  it('rejects a record from the future and a logout before its login, with reasons and counters', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    const futureBefore = await t.metric('jiapei_training_records_rejected_total', 'reason="future_time"');
    // Dated tomorrow (record number 261103…).
    const future = client.sendExtended(ExtMsgId.minuteRecord, {
      ...minute(car, 1),
      recordNo: `${car.terminal.terminalNumber}2611030001`,
    });
    expect((await client.reply(future.serial)).body.result).toBe(GeneralResult.messageError);
    expect(await t.metric('jiapei_training_records_rejected_total', 'reason="future_time"')).toBe(
      futureBefore + 1,
    );

    client.sendExtended(ExtMsgId.coachLogin, {
      coachNo: car.coach.coachNumber,
      idCardNo: ID_CARD,
      licenceClass: 'C1',
      gnss: gnss(30),
    });
    expect((await client.extended(ExtMsgId.coachLoginReply)).data).toMatchObject({ result: 1 });
    client.sendExtended(ExtMsgId.coachLogout, { coachNo: car.coach.coachNumber, gnss: gnss(10) });
    expect((await client.extended(ExtMsgId.coachLogoutReply)).data).toMatchObject({ result: 2 });

    const stored = await rows(car.terminal.id);
    expect(stored.coach[0]!.signedOutAt).toBeNull();
    expect(stored.quarantined.map((q) => q.reason).sort()).toEqual(['future_time', 'logout_before_login']);
    expect(await t.metric('jiapei_training_records_rejected_total', 'reason="logout_before_login"')).toBe(1);
    await client.close();
  });
});
