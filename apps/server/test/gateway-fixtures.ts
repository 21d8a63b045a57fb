import { authenticationPayload, GeneralResult, MsgId } from '@jiapei/jt808';
import { createRsaSigner } from '@jiapei/jt808/node-crypto';
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import type { Gateway } from '../src/gateway/index.ts';
import { newCoach, newSchool, newTerminal, newTrainee, newVehicle } from './factories.ts';
import { createTestContext, type TestContext } from './harness.ts';
import { connectTerminal, type TestTerminal } from './terminal-client.ts';

/** One RSA key for every test terminal: the public half is filed as their certificate. */
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
export const signer = createRsaSigner(keys.privateKey);

/** `HH:MM:SS+08:00` time `minutes` after 2026-11-02 09:00 Beijing time (the test clock's start). */
export function beijingTime(minutes: number, seconds = 0): string {
  const t = new Date(Date.parse('2026-11-02T01:00:00Z') + minutes * 60_000 + seconds * 1000);
  return `${new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A 驾培 GNSS28 block `i` minutes into the session. */
export function gnss(i: number) {
  return {
    alarm: 0,
    status: 3,
    latitude: 36.65 + i * 0.0001,
    longitude: 117.0 + i * 0.0001,
    recorderSpeed: 30,
    speed: 30,
    direction: 90,
    time: beijingTime(i),
  };
}

/** GNSS38: the block plus odometer (0x01) and engine speed (0x05) items. */
export function gnss38(i: number) {
  return {
    ...gnss(i),
    extras: {
      '0x01': { length: 4, value: 1000 + i, hex: (1000 + i).toString(16).padStart(8, '0') },
      '0x05': { length: 2, value: 1800, hex: '0708' },
    },
  };
}

/** A 0x0200 body in the 驾培 layout. */
export function position(i: number, seconds = 0) {
  return { ...gnss(i), time: beijingTime(i, seconds), layout: 'jiapei' as const, extras: {} };
}

export type GatewayTest = Awaited<ReturnType<typeof setUpGateway>>;

/** A test context with the gateway listening on a free port and one school to file cars in. */
export async function setUpGateway(env: Record<string, string> = {}) {
  const ctx: TestContext = await createTestContext(env);
  const gateway: Gateway = await ctx.startGateway();
  const school = await newSchool(ctx.app.db);

  const t = {
    ctx,
    gateway,
    school,

    /** A car with its terminal, an active coach and a trainee of the same class. */
    async filedCar(options: { certificate?: boolean; licenceClass?: string } = {}) {
      const vehicle = await newVehicle(ctx.app.db, school.id, { licenceClass: options.licenceClass ?? 'C1' });
      const terminal = await newTerminal(ctx.app.db, school.id, {
        vehicleId: vehicle.id,
        certificatePem: options.certificate === false ? null : publicPem,
      });
      const coach = await newCoach(ctx.app.db, ctx.app.vault, school.id);
      const trainee = await newTrainee(ctx.app.db, ctx.app.vault, school.id);
      return { vehicle, terminal, coach, trainee };
    },

    connect(terminal: { simNumber: string; terminalNumber: string }) {
      return connectTerminal(gateway.port, {
        phone: terminal.simNumber,
        terminalNo: terminal.terminalNumber,
      });
    },

    /** A signed 驾培 0x0102 at the gateway's clock. */
    signedAuth(terminalNumber: string, skewSeconds = 0) {
      const timestamp = Math.floor(ctx.clock.now().getTime() / 1000) + skewSeconds;
      const signature = signer.sign({
        message: authenticationPayload(terminalNumber, timestamp),
        digest: 'sha256',
      });
      return { timestamp, signature, layout: 'jiapei' as const };
    },

    /** Connected and authenticated. */
    async authenticated(terminal: { simNumber: string; terminalNumber: string }): Promise<TestTerminal> {
      const client = await t.connect(terminal);
      const { serial } = client.send(MsgId.terminalAuthentication, t.signedAuth(terminal.terminalNumber));
      const reply = await client.reply(serial);
      expect(reply.body.result).toBe(GeneralResult.ok);
      return client;
    },

    /** One sample of /api/metrics (through the real route), by full name and rendered labels. */
    async metric(name: string, labels = ''): Promise<number> {
      const res = await ctx.http.inject({ method: 'GET', url: '/api/metrics' });
      return sampleOf(res.body, name, labels);
    },
  };
  return t;
}

/** A sample from Prometheus text: `name{labels} value`. */
export function sampleOf(text: string, name: string, labels = ''): number {
  const prefix = `${name}${labels ? `{${labels}}` : ''} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : 0;
}
