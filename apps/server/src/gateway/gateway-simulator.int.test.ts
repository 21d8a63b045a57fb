import { decode, MsgId } from '@jiapei/jt808';
import { createRealtimeScheduler, SimTerminal, type Scheduler } from '@jiapei/terminal-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOf, setUpGateway, type GatewayTest } from '../../test/gateway-fixtures.ts';
import { eventually, quarantineReasons, simulatedCar } from '../../test/sim-sessions.ts';

/*
 * The terminal simulator (tools/terminal-sim), not hand-built frames, drives a whole 驾培 session
 * through the real gateway over TCP; then every extended message it wrote is sent again, as a terminal
 * that missed our answers would, and nothing is stored twice.
 */

let t: GatewayTest;
let scheduler: Scheduler | null = null;
let term: SimTerminal | null = null;
beforeAll(async () => {
  t = await setUpGateway();
});
afterAll(async () => {
  await term?.stop();
  scheduler?.stop();
  await t.ctx.close();
});

async function stored(terminalId: string) {
  const db = t.ctx.app.db;
  const count = async (table: 'coachSignIns' | 'traineeSignIns' | 'minuteRecords' | 'photos') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('terminalId', '=', terminalId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    coachSignIns: await count('coachSignIns'),
    traineeSignIns: await count('traineeSignIns'),
    minuteRecords: await count('minuteRecords'),
    photos: await count('photos'),
    // The reasons, not a count, so a failure says what was refused.
    quarantined: await quarantineReasons(t, terminalId),
  };
}

describe('a session driven by the terminal simulator', () => {
  it('is stored exactly once, also after the simulator sends every extended message again', async () => {
    const { car, terminalId } = await simulatedCar(t);
    // Simulated time starts at the server's clock and runs 300 times faster, so a three-minute
    // session takes well under a second and its minute records stay inside the future tolerance.
    scheduler = createRealtimeScheduler({ speedup: 300, startAt: t.ctx.clock.now().getTime() });
    const written: Uint8Array[] = [];
    term = new SimTerminal({
      car,
      scheduler,
      port: t.gateway.port,
      seed: 'gateway-simulator',
      minRealTimeoutMs: 500,
      tap: (direction, bytes) => {
        if (direction === 'up') written.push(bytes);
      },
    });

    expect(await term.logon()).toBe(true);
    // A slow logon (a loaded machine: a second of real time is five simulated minutes) would put the
    // session's records beyond the future tolerance of the fixed server clock: start them together.
    t.ctx.clock.set(new Date(scheduler.now()));
    const session = await term.runSession({ minutes: 3 });
    expect(session.aborted).toBeUndefined();
    expect(session.recordNos).toHaveLength(3);

    const first = await eventually(
      () => stored(terminalId),
      (s) => s.minuteRecords === 3 && s.traineeSignIns === 1 && s.photos === session.photos,
    );
    expect(first).toEqual({
      coachSignIns: 1,
      traineeSignIns: 1,
      minuteRecords: 3,
      photos: session.photos,
      quarantined: [],
    });
    const records = await t.ctx.app.db
      .selectFrom('minuteRecords')
      .select('recordNumber')
      .where('terminalId', '=', terminalId)
      .orderBy('recordNumber')
      .execute();
    expect(records.map((r) => r.recordNumber)).toEqual([...session.recordNos].sort());
    const signIn = await t.ctx.app.db
      .selectFrom('traineeSignIns')
      .select(['signedOutAt', 'classroomId'])
      .where('terminalId', '=', terminalId)
      .executeTakeFirstOrThrow();
    expect(signIn.signedOutAt).not.toBeNull();
    expect(signIn.classroomId).toBe(session.classId);

    // Resend every 驾培 message of the session byte for byte.
    const extended = written.filter((bytes) => {
      const d = decode(bytes, { header: 'jiapei' });
      return d.ok && d.header.msgId === MsgId.uplinkTransparent;
    });
    expect(extended.length).toBeGreaterThanOrEqual(7);
    // Wait until the gateway has handled every resent frame.
    const handled = () =>
      sampleOf(t.ctx.app.metrics.render(), 'jiapei_gateway_messages_total', 'msg_id="0x0900"');
    const before = handled();
    for (const frame of extended) term.sendRaw(frame);
    await eventually(
      async () => handled(),
      (n) => n >= before + extended.length,
    );

    expect(await stored(terminalId)).toEqual(first);
  });
});
