import {
  authenticationPayload,
  encode,
  GeneralResult,
  MsgId,
  RegisterResult,
  type TerminalRegisterReply,
} from '@jiapei/jt808';
import { createRsaSigner } from '@jiapei/jt808/node-crypto';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSchool, newTerminal, newVehicle } from '../../test/factories.ts';
import { createTestContext, type TestContext } from '../../test/harness.ts';
import { connectTerminal, type TestTerminal } from '../../test/terminal-client.ts';
import type { Gateway } from './index.ts';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signer = createRsaSigner(keys.privateKey);

let ctx: TestContext;
let gateway: Gateway;
let school: Awaited<ReturnType<typeof newSchool>>;

beforeAll(async () => {
  ctx = await createTestContext({ SIGNATURE_POLICY: 'enforce' });
  gateway = await ctx.startGateway();
  school = await newSchool(ctx.app.db);
});
afterAll(() => ctx.close());

async function filedCar(options: { certificate?: boolean } = {}) {
  const vehicle = await newVehicle(ctx.app.db, school.id);
  const terminal = await newTerminal(ctx.app.db, school.id, {
    vehicleId: vehicle.id,
    certificatePem: options.certificate === false ? null : publicPem,
  });
  return { vehicle, terminal };
}

function registerBody(terminal: { imei: string }, plate: string) {
  return {
    province: 37,
    city: 102,
    maker: 'TEST1',
    model: 'JP-T',
    terminalId: '0000001',
    imei: terminal.imei,
    plateColor: 2,
    plate,
  };
}

async function connect(terminal: { simNumber: string; terminalNumber: string }) {
  return connectTerminal(gateway.port, { phone: terminal.simNumber, terminalNo: terminal.terminalNumber });
}

/** A 驾培 0x0102 signed with the test key at the gateway's clock. */
function signedAuth(terminalNumber: string, skewSeconds = 0) {
  const timestamp = Math.floor(ctx.clock.now().getTime() / 1000) + skewSeconds;
  const signature = signer.sign({
    message: authenticationPayload(terminalNumber, timestamp),
    digest: 'sha256',
  });
  return { timestamp, signature, layout: 'jiapei' as const };
}

async function authenticated(terminal: { simNumber: string; terminalNumber: string }): Promise<TestTerminal> {
  const client = await connect(terminal);
  const { serial } = client.send(MsgId.terminalAuthentication, signedAuth(terminal.terminalNumber));
  const reply = await client.reply(serial);
  expect(reply.body.result).toBe(GeneralResult.ok);
  return client;
}

const counter = (text: string, name: string, labels = '') => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
};
const metrics = () => ctx.app.metrics.render();

describe('registration (0x0100 → 0x8100)', () => {
  it('registers a filed terminal with its car and answers with the 驾培 fields', async () => {
    const { vehicle, terminal } = await filedCar();
    const client = await connect(terminal);
    const { serial } = client.send(MsgId.terminalRegister, registerBody(terminal, vehicle.plate));
    const reply = await client.next((m) => m.header.msgId === MsgId.terminalRegisterReply);
    const body = reply.body as TerminalRegisterReply;
    expect(body).toMatchObject({ replySerial: serial, result: RegisterResult.ok, platformNo: 'A0001' });
    expect(body.terminalNo).toBe(terminal.terminalNumber);
    expect(body.institutionNo).toMatch(/^370102\d{10}$/);
    const row = await ctx.app.db
      .selectFrom('terminals')
      .select(['registeredAt', 'authCode'])
      .where('id', '=', terminal.id)
      .executeTakeFirstOrThrow();
    expect(row.registeredAt).not.toBeNull();
    await client.close();
  });

  it('answers 4 for an unfiled terminal, 2 for an unfiled car, 1 for a car bound to another terminal, 3 for a foreign SIM', async () => {
    const { vehicle, terminal } = await filedCar();
    const other = await filedCar();

    const stranger = await connectTerminal(gateway.port, { phone: '14409999999999' });
    stranger.send(MsgId.terminalRegister, registerBody({ imei: '869999999999999' }, vehicle.plate));
    const unknownTerminal = await stranger.next((m) => m.header.msgId === MsgId.terminalRegisterReply);
    expect((unknownTerminal.body as TerminalRegisterReply).result).toBe(RegisterResult.terminalUnknown);

    const client = await connect(terminal);
    client.send(MsgId.terminalRegister, registerBody(terminal, '鲁Z0000X'));
    const noCar = await client.next((m) => m.header.msgId === MsgId.terminalRegisterReply);
    expect((noCar.body as TerminalRegisterReply).result).toBe(RegisterResult.vehicleUnknown);

    client.send(MsgId.terminalRegister, registerBody(terminal, other.vehicle.plate));
    const carTaken = await client.next((m) => m.header.msgId === MsgId.terminalRegisterReply);
    expect((carTaken.body as TerminalRegisterReply).result).toBe(RegisterResult.vehicleAlreadyRegistered);

    // The terminal's IMEI, but calling from a SIM it was not filed with.
    stranger.send(MsgId.terminalRegister, registerBody(terminal, vehicle.plate));
    const foreignSim = await stranger.next((m) => m.header.msgId === MsgId.terminalRegisterReply);
    expect((foreignSim.body as TerminalRegisterReply).result).toBe(RegisterResult.terminalAlreadyRegistered);

    expect(counter(metrics(), 'jiapei_gateway_registrations_total', 'result="4"')).toBeGreaterThanOrEqual(1);
    await Promise.all([client.close(), stranger.close()]);
  });

  it('issues a JT/T 808 auth code on a 2019 header, which then authenticates', async () => {
    const { vehicle, terminal } = await filedCar();
    const client = await connectTerminal(gateway.port, { phone: terminal.simNumber, version: '2019' });
    // The 2019 layout carries no IMEI: the terminal is found by the SIM in the header.
    const { imei: _imei, ...body2019 } = registerBody(terminal, vehicle.plate);
    client.send(MsgId.terminalRegister, { ...body2019, layout: '2019' });
    const reply = await client.next((m) => m.header.msgId === MsgId.terminalRegisterReply);
    const registered = reply.body as TerminalRegisterReply;
    expect(registered.result).toBe(RegisterResult.ok);

    const wrong = client.send(MsgId.terminalAuthentication, {
      authCode: 'WRONG',
      imei: terminal.imei,
      softwareVersion: '1.0',
      layout: '2019',
    });
    expect((await client.reply(wrong.serial)).body.result).toBe(GeneralResult.failure);

    const { authCode } = await ctx.app.db
      .selectFrom('terminals')
      .select('authCode')
      .where('id', '=', terminal.id)
      .executeTakeFirstOrThrow();
    const right = client.send(MsgId.terminalAuthentication, {
      authCode: authCode!,
      imei: terminal.imei,
      softwareVersion: '1.0',
      layout: '2019',
    });
    expect((await client.reply(right.serial)).body.result).toBe(GeneralResult.ok);
    await client.close();
  });
});

describe('authentication (0x0102) and heartbeats', () => {
  it('accepts a valid 驾培 signature and refuses a bad, stale or missing one under enforce', async () => {
    const { terminal } = await filedCar();
    const before = metrics();
    const client = await connect(terminal);

    const forged = signedAuth(terminal.terminalNumber);
    forged.signature[10] = forged.signature[10]! ^ 0xff;
    const bad = client.send(MsgId.terminalAuthentication, forged);
    expect((await client.reply(bad.serial)).body.result).toBe(GeneralResult.failure);

    const stale = client.send(MsgId.terminalAuthentication, signedAuth(terminal.terminalNumber, -3600));
    expect((await client.reply(stale.serial)).body.result).toBe(GeneralResult.failure);

    // Heartbeats are allowed before authentication (JT/T 808 keeps the link alive meanwhile).
    const early = client.send(MsgId.heartbeat, {});
    expect((await client.reply(early.serial)).body.result).toBe(GeneralResult.ok);

    const good = client.send(MsgId.terminalAuthentication, signedAuth(terminal.terminalNumber));
    expect((await client.reply(good.serial)).body.result).toBe(GeneralResult.ok);

    const after = metrics();
    const refused = (t: string) =>
      counter(t, 'jiapei_gateway_authentications_total', 'reason="signature_invalid",result="refused"');
    expect(refused(after) - refused(before)).toBe(1);
    const staleCount = (t: string) =>
      counter(t, 'jiapei_gateway_authentications_total', 'reason="signature_stale",result="refused"');
    expect(staleCount(after) - staleCount(before)).toBe(1);

    const noCert = await filedCar({ certificate: false });
    const unsigned = await connect(noCert.terminal);
    const refusedNoCert = unsigned.send(
      MsgId.terminalAuthentication,
      signedAuth(noCert.terminal.terminalNumber),
    );
    expect((await unsigned.reply(refusedNoCert.serial)).body.result).toBe(GeneralResult.failure);
    await Promise.all([client.close(), unsigned.close()]);
  });

  it('refuses positions before authentication and answers heartbeats after it', async () => {
    const { terminal } = await filedCar();
    const client = await connect(terminal);
    const before = counter(metrics(), 'jiapei_gateway_decode_errors_total', 'reason="unauthenticated"');
    const early = client.send(MsgId.locationReport, position(0));
    expect((await client.reply(early.serial)).body.result).toBe(GeneralResult.failure);
    expect(counter(metrics(), 'jiapei_gateway_decode_errors_total', 'reason="unauthenticated"')).toBe(
      before + 1,
    );

    const auth = client.send(MsgId.terminalAuthentication, signedAuth(terminal.terminalNumber));
    expect((await client.reply(auth.serial)).body.result).toBe(GeneralResult.ok);
    const beat = client.send(MsgId.heartbeat, {});
    expect((await client.reply(beat.serial)).body).toMatchObject({ replyId: MsgId.heartbeat, result: 0 });
    await client.close();
  });

  it('keeps one live session per terminal: a reconnect replaces and closes the old one', async () => {
    const { terminal } = await filedCar();
    const first = await authenticated(terminal);
    const firstSession = gateway.sessionOf(terminal.id);
    const second = await authenticated(terminal);
    await first.closed;
    expect(first.ended).toBe(true);
    expect(gateway.sessionOf(terminal.id)).not.toBe(firstSession);
    // The replaced session closing must not mark the terminal offline.
    const beat = second.send(MsgId.heartbeat, {});
    expect((await second.reply(beat.serial)).body.result).toBe(GeneralResult.ok);
    await ctx.app.telemetry.flush();
    const status = await ctx.app.db
      .selectFrom('terminalStatus')
      .select('online')
      .where('terminalId', '=', terminal.id)
      .executeTakeFirstOrThrow();
    expect(status.online).toBe(true);
    expect(
      counter(metrics(), 'jiapei_gateway_connections_closed_total', 'reason="replaced"'),
    ).toBeGreaterThanOrEqual(1);
    await second.close();
  });

  it('answers a frame whose phone is not the authenticated terminal with 2 and keeps the connection', async () => {
    const { terminal } = await filedCar();
    const client = await authenticated(terminal);
    const before = counter(metrics(), 'jiapei_gateway_decode_errors_total', 'reason="phone_mismatch"');
    // Same socket, another phone in the header.
    const frame = encode({
      header: { msgId: MsgId.heartbeat, phone: '14400000000001', version: 'jiapei', serial: 77 },
      body: {},
    });
    client.write(frame);
    const reply = await client.reply(77);
    expect(reply.body.result).toBe(GeneralResult.messageError);
    expect(counter(metrics(), 'jiapei_gateway_decode_errors_total', 'reason="phone_mismatch"')).toBe(
      before + 1,
    );
    const beat = client.send(MsgId.heartbeat, {});
    expect((await client.reply(beat.serial)).body.result).toBe(GeneralResult.ok);
    await client.close();
  });
});

/** A 驾培-layout position `i` minutes after the test clock, inside 济南. */
export function position(i: number) {
  const t = new Date(Date.parse('2026-11-02T01:00:00Z') + i * 60_000);
  const time = new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';
  return {
    alarm: 0,
    status: 3,
    latitude: 36.65 + i * 0.0001,
    longitude: 117.0 + i * 0.0001,
    recorderSpeed: 30,
    speed: 30,
    direction: 90,
    time,
    layout: 'jiapei' as const,
    extras: {},
  };
}
