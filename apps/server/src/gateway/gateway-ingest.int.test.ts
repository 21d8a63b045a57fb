import { encode, encodeMultiPacket, GeneralResult, MsgId, type DecodedMessage } from '@jiapei/jt808';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { position, setUpGateway, type GatewayTest } from '../../test/gateway-fixtures.ts';
import type { TestTerminal } from '../../test/terminal-client.ts';

/*
 * Positions through the bounded queue into batch writes, and every class of bad input from the issue:
 * each is counted by reason, answered where the standard allows, and never disturbs another terminal,
 * whose connection stays open and whose positions are all stored.
 */

let t: GatewayTest;
let bystander: TestTerminal;
let bystanderId: string;
let bystanderSent = 0;

beforeAll(async () => {
  t = await setUpGateway({
    GATEWAY_MAX_BODY: '600',
    GATEWAY_FRAMES_PER_S: '2000',
    GATEWAY_FRAME_BURST: '300',
    GATEWAY_MAX_BAD_FRAMES_PER_MIN: '40',
    GATEWAY_REASSEMBLY_RETRY_MS: '100',
  });
  const car = await t.filedCar();
  bystanderId = car.terminal.id;
  bystander = await t.authenticated(car.terminal);
});
afterAll(() => t.ctx.close());

/** The bystander reports a few positions and must get every answer. */
async function bystanderReports(count = 5) {
  const serials = [];
  for (let i = 0; i < count; i++) {
    const n = bystanderSent++;
    serials.push(bystander.send(MsgId.locationReport, position(200 + Math.floor(n / 60), n % 60)).serial);
  }
  for (const s of serials) expect((await bystander.reply(s)).body.result).toBe(GeneralResult.ok);
}

async function storedPositions(terminalId: string) {
  await t.ctx.app.telemetry.flush();
  const r = await t.ctx.app.db
    .selectFrom('positions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('terminalId', '=', terminalId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function expectBystanderIntact() {
  await bystanderReports();
  expect(bystander.ended).toBe(false);
  expect(await storedPositions(bystanderId)).toBe(bystanderSent);
}

const decodeErrors = (reason: string) => t.metric('jiapei_gateway_decode_errors_total', `reason="${reason}"`);

async function freshClient() {
  const car = await t.filedCar();
  return { car, client: await t.authenticated(car.terminal) };
}

const heartbeatFrame = (phone: string, serial: number) =>
  encode({ header: { msgId: MsgId.heartbeat, phone, version: 'jiapei', serial }, body: {} });

describe('positions', () => {
  it('stores 0x0200 and multi-packet 0x0704 batches once, however often they are resent, and moves the live row', async () => {
    const { car, client } = await freshClient();
    for (let i = 0; i < 10; i++) {
      const { frame, serial } = client.send(MsgId.locationReport, position(i));
      client.write(frame); // resent
      expect((await client.reply(serial)).body.result).toBe(GeneralResult.ok);
    }
    // A blind-area batch big enough to need JT/T 808 sub-packets, every packet sent twice.
    const items = Array.from({ length: 40 }, (_, i) => position(100 + i));
    const frames = encodeMultiPacket(
      {
        header: { msgId: MsgId.locationBatch, phone: car.terminal.simNumber, version: 'jiapei', serial: 500 },
        body: { type: 1, items },
      },
      { maxPacketBody: 400 },
    );
    expect(frames.length).toBeGreaterThan(2);
    for (const f of frames) {
      client.write(f);
      client.write(f);
    }
    for (let i = 0; i < frames.length; i++) await client.reply(500 + i);

    expect(await storedPositions(car.terminal.id)).toBe(50);
    const blind = await t.ctx.app.db
      .selectFrom('positions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('terminalId', '=', car.terminal.id)
      .where('blind', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(blind.n)).toBe(40);
    const live = await t.ctx.app.db
      .selectFrom('terminalStatus')
      .selectAll()
      .where('terminalId', '=', car.terminal.id)
      .executeTakeFirstOrThrow();
    // The newest fix wins, even though the blind batch arrived last and older fixes were resent.
    expect(live.fixTime?.toISOString()).toBe(new Date(position(139).time).toISOString());
    expect(live).toMatchObject({ online: true, latitude: position(139).latitude, speedKmh: 30 });
    expect(await t.metric('jiapei_telemetry_dropped_total', 'reason="queue_full"')).toBe(0);
    expect(await t.metric('jiapei_telemetry_rows_written_total', 'table="positions"')).toBeGreaterThanOrEqual(
      50,
    );
    await client.close();
  });
  it('asks again (0x8003) for a missing sub-packet and stores the batch once it arrives', async () => {
    const { car, client } = await freshClient();
    const items = Array.from({ length: 30 }, (_, i) => position(300 + i));
    const frames = encodeMultiPacket(
      {
        header: { msgId: MsgId.locationBatch, phone: car.terminal.simNumber, version: 'jiapei', serial: 700 },
        body: { type: 1, items },
      },
      { maxPacketBody: 400 },
    );
    expect(frames.length).toBe(3);
    client.write(frames[0]!);
    client.write(frames[2]!);
    const ask = await client.next((m) => m.header.msgId === MsgId.retransmitRequest);
    expect(ask.body).toEqual({ originalSerial: 700, packetIds: [2] });
    expect(await t.metric('jiapei_gateway_reassembly_total', 'event="re_requested"')).toBeGreaterThanOrEqual(
      1,
    );
    expect(await storedPositions(car.terminal.id)).toBe(0);
    client.write(frames[1]!);
    await client.reply(701);
    await waitFor(async () => (await storedPositions(car.terminal.id)) === 30);
    await client.close();
  });
});

describe('bad input', () => {
  it('bad check code: counted, no answer to an untrustworthy header, the next frame answered', async () => {
    const { car, client } = await freshClient();
    const before = await decodeErrors('bad_checksum');
    const bad = heartbeatFrame(car.terminal.simNumber, 900);
    bad[bad.length - 2] = bad[bad.length - 2]! ^ 0x01;
    client.write(bad);
    client.write(heartbeatFrame(car.terminal.simNumber, 901));
    expect((await client.reply(901)).body.result).toBe(GeneralResult.ok);
    expect(client.received.some((m) => (m.body as { replySerial?: number }).replySerial === 900)).toBe(false);
    expect(await decodeErrors('bad_checksum')).toBe(before + 1);
    await expectBystanderIntact();
    await client.close();
  });

  it('bad escape: counted, the connection carries on', async () => {
    const { car, client } = await freshClient();
    const before = await decodeErrors('bad_escape');
    client.write(
      Uint8Array.from([
        0x7e, 0x00, 0x02, 0x00, 0x7d, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x7e,
      ]),
    );
    client.write(heartbeatFrame(car.terminal.simNumber, 910));
    expect((await client.reply(910)).body.result).toBe(GeneralResult.ok);
    expect(await decodeErrors('bad_escape')).toBe(before + 1);
    await expectBystanderIntact();
    await client.close();
  });

  it('truncated: a frame cut short mid-stream is dropped, one cut by the end of the stream is counted at close', async () => {
    const { car, client } = await freshClient();
    const before = (await decodeErrors('bad_checksum')) + (await decodeErrors('bad_length'));
    const whole = encode({
      header: { msgId: MsgId.locationReport, phone: car.terminal.simNumber, version: 'jiapei', serial: 920 },
      body: position(1),
    });
    client.write(whole.subarray(0, 30));
    client.write(heartbeatFrame(car.terminal.simNumber, 921));
    expect((await client.reply(921)).body.result).toBe(GeneralResult.ok);
    expect((await decodeErrors('bad_checksum')) + (await decodeErrors('bad_length'))).toBe(before + 1);

    const atCloseBefore = await decodeErrors('truncated_at_close');
    client.write(whole.subarray(0, 30));
    await new Promise((r) => setTimeout(r, 50));
    await client.close();
    await waitFor(async () => (await decodeErrors('truncated_at_close')) === atCloseBefore + 1);
    await expectBystanderIntact();
  });

  it('body longer than the configured maximum: counted and answered 2 (message error)', async () => {
    const { car, client } = await freshClient();
    const before = await decodeErrors('body_too_long');
    client.write(client.frame(MsgId.uplinkTransparent, new Uint8Array(700).fill(0x13)));
    const reply = await client.next((m) => m.header.msgId === MsgId.platformGeneralReply);
    expect(reply.body).toMatchObject({
      replyId: MsgId.uplinkTransparent,
      result: GeneralResult.messageError,
    });
    expect(await decodeErrors('body_too_long')).toBe(before + 1);
    void car;
    await expectBystanderIntact();
    await client.close();
  });

  it('unknown message id: counted and answered 3 (unsupported)', async () => {
    const { client } = await freshClient();
    const before = await decodeErrors('unknown_message');
    client.write(client.frame(0x0f0f, Uint8Array.from([1, 2, 3])));
    const reply = await client.next((m) => m.header.msgId === MsgId.platformGeneralReply);
    expect(reply.body).toMatchObject({ replyId: 0x0f0f, result: GeneralResult.unsupported });
    expect(await decodeErrors('unknown_message')).toBe(before + 1);
    await expectBystanderIntact();
    await client.close();
  });

  it('garbage between frames, including stray 0x7e: counted, every real frame answered', async () => {
    const { car, client } = await freshClient();
    const before = await decodeErrors('garbage');
    const phone = car.terminal.simNumber;
    client.write(
      Buffer.concat([
        Buffer.from('GET / HTTP/1.1\r\n'),
        heartbeatFrame(phone, 930),
        Buffer.from([0x01, 0x02, 0x7e, 0x03, 0x7e]),
        heartbeatFrame(phone, 931),
      ]),
    );
    expect((await client.reply(930)).body.result).toBe(GeneralResult.ok);
    expect((await client.reply(931)).body.result).toBe(GeneralResult.ok);
    expect(await decodeErrors('garbage')).toBeGreaterThanOrEqual(before + 2);
    await expectBystanderIntact();
    await client.close();
  });

  it('a frame split over many reads is put together and stored', async () => {
    const { car, client } = await freshClient();
    const frame = encode({
      header: { msgId: MsgId.locationReport, phone: car.terminal.simNumber, version: 'jiapei', serial: 940 },
      body: position(7),
    });
    for (const byte of frame) {
      client.write(Uint8Array.of(byte));
      await new Promise((r) => setImmediate(r));
    }
    expect((await client.reply(940)).body.result).toBe(GeneralResult.ok);
    expect(await storedPositions(car.terminal.id)).toBe(1);
    await expectBystanderIntact();
    await client.close();
  });

  it('a flood from one connection is throttled, not dropped: every frame is answered in the end', async () => {
    const { car, client } = await freshClient();
    const before = await t.metric('jiapei_gateway_throttled_total');
    const flood = Buffer.concat(
      Array.from({ length: 1200 }, (_, i) => heartbeatFrame(car.terminal.simNumber, 2000 + i)),
    );
    client.write(flood);
    await expectBystanderIntact();
    await waitFor(() => countReplies(client.received, 2000, 3199) === 1200, 20_000);
    expect(await t.metric('jiapei_gateway_throttled_total')).toBeGreaterThan(before);
    expect(client.ended).toBe(false);
    await client.close();
  });

  it('sustained junk closes only that connection', async () => {
    const { client } = await freshClient();
    const before = await t.metric('jiapei_gateway_connections_closed_total', 'reason="abusive"');
    const junk = Buffer.concat(Array.from({ length: 60 }, () => Buffer.from([0x7e, 1, 2, 3, 4, 5, 0x7e])));
    client.write(junk);
    await client.closed;
    expect(await t.metric('jiapei_gateway_connections_closed_total', 'reason="abusive"')).toBe(before + 1);
    await expectBystanderIntact();
  });
});

describe('backpressure', () => {
  it('pauses reading when the queue is full instead of dropping, and stores everything once drained', async () => {
    // A tiny queue and a writer that only runs when the test says so.
    const slow = await setUpGateway({
      TELEMETRY_QUEUE_CAPACITY: '50',
      TELEMETRY_BATCH_SIZE: '1000',
      TELEMETRY_FLUSH_MS: '600000',
    });
    try {
      const car = await slow.filedCar();
      const client = await slow.authenticated(car.terminal);
      const frames = Array.from({ length: 200 }, (_, i) =>
        encode({
          header: {
            msgId: MsgId.locationReport,
            phone: car.terminal.simNumber,
            version: 'jiapei',
            serial: 3000 + i,
          },
          body: position(Math.floor(i / 60), i % 60),
        }),
      );
      client.write(Buffer.concat(frames));
      await waitFor(async () => (await slow.metric('jiapei_gateway_backpressure_pauses_total')) >= 1);
      // Paused: the queue never went past its capacity and nothing was dropped.
      expect(slow.ctx.app.telemetry.queueDepth).toBeLessThanOrEqual(50);
      expect(await slow.metric('jiapei_telemetry_dropped_total', 'reason="queue_full"')).toBe(0);
      expect(countReplies(client.received, 3000, 3199)).toBeLessThan(200);

      await waitFor(async () => {
        await slow.ctx.app.telemetry.flush();
        return countReplies(client.received, 3000, 3199) === 200;
      }, 20_000);
      await slow.ctx.app.telemetry.flush();
      const stored = await slow.ctx.app.db
        .selectFrom('positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('terminalId', '=', car.terminal.id)
        .executeTakeFirstOrThrow();
      expect(Number(stored.n)).toBe(200);
      expect(await slow.metric('jiapei_telemetry_dropped_total', 'reason="queue_full"')).toBe(0);
      await client.close();
    } finally {
      await slow.ctx.close();
    }
  });
});

function countReplies(received: DecodedMessage[], from: number, to: number): number {
  return received.filter((m) => {
    if (m.header.msgId !== MsgId.platformGeneralReply) return false;
    const s = (m.body as { replySerial: number }).replySerial;
    return s >= from && s <= to;
  }).length;
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
