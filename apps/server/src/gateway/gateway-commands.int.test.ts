import { ExtMsgId, MsgId } from '@jiapei/jt808';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, regions } from '../../test/factories.ts';
import { position, sampleOf, setUpGateway, type GatewayTest } from '../../test/gateway-fixtures.ts';
import { createTestContext, loginAs } from '../../test/harness.ts';

let t: GatewayTest;
let regulator: string;
let outsider: string;
let schoolAdmin: string;

beforeAll(async () => {
  t = await setUpGateway();
  const db = t.ctx.app.db;
  regulator = await loginAs(
    t.ctx.http,
    (await newUser(db, 'regulator_city', { regionCode: regions.city })).username,
    'regulator',
  );
  outsider = await loginAs(
    t.ctx.http,
    (await newUser(db, 'regulator_province', { regionCode: regions.otherProvince })).username,
    'regulator',
  );
  schoolAdmin = await loginAs(
    t.ctx.http,
    (await newUser(db, 'school_admin', { schoolId: t.school.id })).username,
    'school',
  );
});
afterAll(() => t.ctx.close());

const post = (cookie: string, terminalId: string, payload: Record<string, unknown>) =>
  t.ctx.http.inject({
    method: 'POST',
    url: `/api/terminals/${terminalId}/commands`,
    headers: { cookie },
    payload,
  });
const list = (cookie: string, terminalId: string) =>
  t.ctx.http.inject({ method: 'GET', url: `/api/terminals/${terminalId}/commands`, headers: { cookie } });

describe('downlink commands', () => {
  it('sends a photo command through the live session and closes it with the terminal answer', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    const res = await post(regulator, car.terminal.id, { kind: 'take_photo', size: 2 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'take_photo', status: 'sent', params: { size: 2 } });

    const command = await client.extended(ExtMsgId.takePhoto);
    expect(command.data).toMatchObject({ uploadMode: 1, channel: 0, size: 2 });
    const answer = client.sendExtended(ExtMsgId.takePhotoReply, {
      result: 1,
      uploadMode: 1,
      channel: 1,
      size: 2,
    });
    expect((await client.reply(answer.serial)).body.result).toBe(0);

    const after = (await list(regulator, car.terminal.id)).json().items[0];
    expect(after).toMatchObject({ status: 'answered', answer: { result: 1, id: '0x0301' } });
    const audit = await t.ctx.app.db
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('entityId', '=', after.id)
      .execute();
    expect(audit).toEqual([{ action: 'terminal.command.created', entityId: after.id }]);
    await client.close();
  });

  it('translates 禁训 and parameters, and marks a refused answer failed', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    await post(regulator, car.terminal.id, { kind: 'set_training_ban', banned: true, message: '停训整改' });
    expect((await client.extended(ExtMsgId.setTrainingBan)).data).toEqual({ state: 2, message: '停训整改' });
    const ban = client.sendExtended(ExtMsgId.setTrainingBanReply, { result: 2, state: 1, message: '' });
    await client.reply(ban.serial);

    const res = await post(regulator, car.terminal.id, {
      kind: 'set_parameters',
      params: { photoIntervalMin: 10, reverifyMin: 20 },
    });
    expect(res.statusCode).toBe(201);
    expect((await client.extended(ExtMsgId.setAppParams)).data).toMatchObject({
      paramNo: 1,
      params: { photoIntervalMin: 10 },
    });
    expect((await client.extended(ExtMsgId.setAppParams)).data).toMatchObject({
      paramNo: 7,
      params: { reverifyMin: 20 },
    });

    const items = (await list(regulator, car.terminal.id)).json().items as { kind: string; status: string }[];
    expect(items.find((c) => c.kind === 'set_training_ban')?.status).toBe('failed');
    expect(items.find((c) => c.kind === 'set_parameters')?.status).toBe('sent');
    await client.close();
  });

  it('keeps a command for an offline terminal and sends it when the terminal authenticates', async () => {
    const car = await t.filedCar();
    const res = await post(regulator, car.terminal.id, {
      kind: 'request_records',
      from: '2026-11-01T00:00:00+08:00',
      to: '2026-11-02T00:00:00+08:00',
    });
    expect(res.json().status).toBe('offline');
    const client = await t.authenticated(car.terminal);
    const command = await client.extended(ExtMsgId.requestRecords);
    expect(command.data).toMatchObject({ queryMode: 1, start: '2026-11-01T00:00:00+08:00' });
    const answer = client.sendExtended(ExtMsgId.requestRecordsReply, { result: 4 });
    await client.reply(answer.serial);
    expect((await list(regulator, car.terminal.id)).json().items[0].status).toBe('answered');
    await client.close();
  });

  it('is for regulators of the terminal region only, and checks the parameters', async () => {
    const car = await t.filedCar();
    expect((await post(outsider, car.terminal.id, { kind: 'take_photo' })).statusCode).toBe(403);
    expect((await list(outsider, car.terminal.id)).statusCode).toBe(403);
    expect((await post(schoolAdmin, car.terminal.id, { kind: 'take_photo' })).statusCode).toBe(403);
    expect(
      (
        await post(regulator, car.terminal.id, {
          kind: 'request_records',
          from: '2026-11-02T00:00:00Z',
          to: '2026-11-01T00:00:00Z',
        })
      ).statusCode,
    ).toBe(400);
    expect((await post(regulator, car.terminal.id, { kind: 'format_disk' })).statusCode).toBe(400);
    expect(
      (await post(regulator, '00000000-0000-4000-8000-000000000000', { kind: 'take_photo' })).statusCode,
    ).toBe(404);
    const unauthenticated = await t.ctx.http.inject({
      method: 'GET',
      url: `/api/terminals/${car.terminal.id}/commands`,
    });
    expect(unauthenticated.statusCode).toBe(401);
  });
});

describe('GET /api/metrics', () => {
  it('serves the Prometheus text with the gateway and telemetry series to loopback callers', async () => {
    const car = await t.filedCar();
    const client = await t.authenticated(car.terminal);
    const sent = client.send(MsgId.locationReport, position(3));
    await client.reply(sent.serial);
    await t.ctx.app.telemetry.flush();

    const res = await t.ctx.http.inject({ method: 'GET', url: '/api/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body;
    expect(sampleOf(text, 'jiapei_gateway_connections')).toBeGreaterThanOrEqual(1);
    expect(sampleOf(text, 'jiapei_gateway_messages_total', 'msg_id="0x0200"')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('jiapei_gateway_decode_errors_total{reason="bad_checksum"}');
    expect(text).toContain('# TYPE jiapei_telemetry_queue_depth gauge');
    expect(sampleOf(text, 'jiapei_telemetry_dropped_total', 'reason="queue_full"')).toBe(0);
    expect(
      sampleOf(text, 'jiapei_telemetry_batch_write_seconds_count', 'table="positions"'),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleOf(text, 'jiapei_telemetry_rows_written_total', 'table="positions"')).toBeGreaterThanOrEqual(
      1,
    );

    const remote = await t.ctx.http.inject({ method: 'GET', url: '/api/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    await client.close();
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const ctx = await createTestContext({ METRICS_TOKEN: 'a-long-enough-metrics-token' });
    try {
      const none = await ctx.http.inject({ method: 'GET', url: '/api/metrics' });
      expect(none.statusCode).toBe(401);
      const wrong = await ctx.http.inject({
        method: 'GET',
        url: '/api/metrics',
        headers: { authorization: 'Bearer not-the-metrics-token-at-all' },
      });
      expect(wrong.statusCode).toBe(401);
      const right = await ctx.http.inject({
        method: 'GET',
        url: '/api/metrics',
        remoteAddress: '10.1.2.3',
        headers: { authorization: 'Bearer a-long-enough-metrics-token' },
      });
      expect(right.statusCode).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});
