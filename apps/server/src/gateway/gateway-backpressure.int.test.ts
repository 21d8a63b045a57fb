import { authenticationPayload, encode, GeneralResult, MsgId, type DecodedMessage } from '@jiapei/jt808';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { beijingTime, publicPem, signer } from '../../test/gateway-fixtures.ts';
import { newSchool, newTerminal, newVehicle } from '../../test/factories.ts';
import { createTestContext, type TestContext } from '../../test/harness.ts';
import { connectTerminal, type TestTerminal } from '../../test/terminal-client.ts';
import {
  createTelemetryRepository,
  createTelemetryService,
  type TelemetryRepository,
} from '../modules/telemetry/index.ts';
import { createMetricsRegistry } from '../shared/metrics.ts';
import { startGateway, type Gateway } from './tcp-server.ts';

/*
 * Backpressure under a writer slower than the terminals: a tiny position queue and a repository whose
 * inserts take a while, so sessions pause and resume their sockets many times while the terminal keeps
 * writing. Whatever the order of pause, relief and reads, every frame must be answered and stored once
 * the writer catches up, without further traffic to wake a session up.
 */

let ctx: TestContext | null = null;
let gateway: Gateway | null = null;

afterEach(async () => {
  await gateway?.close();
  await ctx?.close();
  gateway = null;
  ctx = null;
});

/** The app on a private database, with a gateway whose position writer is slowed by `delayMs`. */
async function slowGateway(delayMs: number, options: { capacity: number; batchSize: number }) {
  ctx = await createTestContext();
  const repository = createTelemetryRepository();
  const slowed: TelemetryRepository = {
    ...repository,
    async insertPositions(db, rows) {
      await new Promise((r) => setTimeout(r, delayMs));
      return repository.insertPositions(db, rows);
    },
  };
  // A registry of its own: the app's telemetry service already registered its metrics in the shared one.
  const metrics = createMetricsRegistry('jiapei_');
  const telemetry = createTelemetryService({
    db: ctx.app.db,
    telemetry: slowed,
    clock: ctx.clock,
    metrics,
    options: { queueCapacity: options.capacity, batchSize: options.batchSize, flushMs: 20 },
  });
  gateway = await startGateway({
    config: { ...ctx.app.config, GATEWAY_PORT: 0 },
    telemetry,
    link: ctx.app.terminalLink,
    training: ctx.app.trainingRecords,
    commands: ctx.app.terminalCommands,
    metrics,
    clock: ctx.clock,
    log: pino({ level: 'silent' }),
  });
  return { telemetry, metrics, port: gateway.port };
}

async function authenticatedCar(port: number): Promise<{ terminalId: string; client: TestTerminal }> {
  const db = ctx!.app.db;
  const school = await newSchool(db);
  const vehicle = await newVehicle(db, school.id);
  const terminal = await newTerminal(db, school.id, { vehicleId: vehicle.id, certificatePem: publicPem });
  const client = await connectTerminal(port, {
    phone: terminal.simNumber,
    terminalNo: terminal.terminalNumber,
  });
  const timestamp = Math.floor(ctx!.clock.now().getTime() / 1000);
  const signature = signer.sign({
    message: authenticationPayload(terminal.terminalNumber, timestamp),
    digest: 'sha256',
  });
  const { serial } = client.send(MsgId.terminalAuthentication, { timestamp, signature, layout: 'jiapei' });
  expect((await client.reply(serial)).body.result).toBe(GeneralResult.ok);
  return { terminalId: terminal.id, client };
}

/** 0x0200 number `i` (one fix per second) with frame serial `1000 + i`. */
function locationFrame(phone: string, i: number) {
  return encode({
    header: { msgId: MsgId.locationReport, phone, version: 'jiapei', serial: 1000 + i },
    body: {
      alarm: 0,
      status: 3,
      latitude: 36.65 + i * 0.00001,
      longitude: 117.0 + i * 0.00001,
      recorderSpeed: 30,
      speed: 30,
      direction: 90,
      time: beijingTime(Math.floor(i / 60), i % 60),
      layout: 'jiapei',
      extras: {},
    },
  });
}

function answered(received: DecodedMessage[]): number {
  return new Set(
    received
      .filter((m) => m.header.msgId === MsgId.platformGeneralReply)
      .map((m) => (m.body as { replySerial: number }).replySerial)
      .filter((s) => s >= 1000),
  ).size;
}

async function storedFor(terminalId: string): Promise<number> {
  const r = await ctx!.app.db
    .selectFrom('positions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('terminalId', '=', terminalId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Polls `check` until it holds; a stalled session makes it time out. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

describe('backpressure with a slow writer', () => {
  it('answers and stores every frame written in many small writes while the session pauses and resumes', async () => {
    const { metrics, port } = await slowGateway(30, { capacity: 40, batchSize: 10 });
    const { terminalId, client } = await authenticatedCar(port);
    const total = 400;
    // Many separate writes, so that several chunks sit in the paused socket's read buffer at once.
    for (let i = 0; i < total; i += 10) {
      client.write(Buffer.concat(Array.from({ length: 10 }, (_, k) => locationFrame(client.phone, i + k))));
      await new Promise((r) => setTimeout(r, 2));
    }
    // No more traffic from here on: nothing but the writer catching up may move the session along.
    const allAnswered = await eventually(() => answered(client.received) === total);
    expect({ answered: answered(client.received), allAnswered }).toEqual({
      answered: total,
      allAnswered: true,
    });
    expect(await eventually(async () => (await storedFor(terminalId)) === total)).toBe(true);
    const text = metrics.render();
    expect(text).toMatch(/^jiapei_telemetry_dropped_total\{reason="queue_full"\} 0$/m);
    // The scenario really exercised backpressure (otherwise this test proves nothing).
    expect(Number(/^jiapei_gateway_backpressure_pauses_total (\d+)/m.exec(text)?.[1] ?? 0)).toBeGreaterThan(
      1,
    );
    expect(client.ended).toBe(false);
    await client.close();
  });

  it('keeps pausing a session again and again: a relief never leaves the session unable to pause', async () => {
    const { telemetry, port } = await slowGateway(20, { capacity: 30, batchSize: 5 });
    const { terminalId, client } = await authenticatedCar(port);
    const total = 300;
    let maxDepth = 0;
    const probe = setInterval(() => (maxDepth = Math.max(maxDepth, telemetry.queueDepth)), 1);
    try {
      client.write(Buffer.concat(Array.from({ length: total }, (_, i) => locationFrame(client.phone, i))));
      expect(await eventually(() => answered(client.received) === total)).toBe(true);
      expect(await eventually(async () => (await storedFor(terminalId)) === total)).toBe(true);
    } finally {
      clearInterval(probe);
    }
    // The session paused each time the queue saturated, so the queue never reached its hard capacity.
    expect(maxDepth).toBeLessThan(30);
    await client.close();
  });
});
