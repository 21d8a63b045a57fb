import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBankSandbox, type BankSandbox } from './sandbox.ts';
import { CALLBACK_HEADERS, signCallback } from './signing.ts';

const SECRET = 'sandbox-test-secret-123';
const KEY = 'sandbox-test-key';

/** A platform stand-in: records callbacks, answers with whatever `status()` says. */
async function receiver(status: (n: number) => number = () => 200) {
  const got: Array<{ body: string; timestamp: string; signature: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({
        body: Buffer.concat(chunks).toString('utf8'),
        timestamp: String(req.headers[CALLBACK_HEADERS.timestamp]),
        signature: String(req.headers[CALLBACK_HEADERS.signature]),
      });
      res.writeHead(status(got.length)).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function start(options: Partial<Parameters<typeof createBankSandbox>[0]> = {}): Promise<BankSandbox> {
  const bank = createBankSandbox({
    callbackSecret: SECRET,
    apiKey: KEY,
    retryBaseMs: 20,
    retryMaxMs: 100,
    ...options,
  });
  await bank.listen(0);
  open.push(bank);
  return bank;
}

const api = async (bank: BankSandbox, method: string, p: string, body?: unknown) => {
  const res = await fetch(`${bank.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const until = async (check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('bank sandbox', () => {
  it('creates a payment once per merchant reference and refuses the reference with another amount', async () => {
    const bank = await start();
    const rx = await receiver();
    open.push(rx);
    const a = await api(bank, 'POST', '/api/payments', {
      merchantRef: 'm1',
      amountFen: 500,
      callbackUrl: rx.url,
    });
    const b = await api(bank, 'POST', '/api/payments', {
      merchantRef: 'm1',
      amountFen: 500,
      callbackUrl: rx.url,
    });
    expect(a.status).toBe(201);
    expect(b).toEqual({ status: 200, body: a.body });
    expect(
      (await api(bank, 'POST', '/api/payments', { merchantRef: 'm1', amountFen: 501, callbackUrl: rx.url }))
        .status,
    ).toBe(409);
    expect((await fetch(`${bank.url}/api/payments`, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('books a payment from its pay page and retries the signed callback until the platform acknowledges', async () => {
    const bank = await start();
    const rx = await receiver((n) => (n < 3 ? 500 : 200));
    open.push(rx);
    const { body } = await api(bank, 'POST', '/api/payments', {
      merchantRef: 'm2',
      amountFen: 12_345,
      callbackUrl: rx.url,
    });
    const page = await fetch(String(body.payUrl));
    expect(await page.text()).toContain('data-testid="pay"');
    const paid = await fetch(String(body.payUrl), { method: 'POST' });
    expect(await paid.text()).toContain('data-testid="paid"');
    await until(() => bank.callbackSummary().acked === 1);
    expect(rx.got).toHaveLength(3);
    for (const g of rx.got) expect(g.signature).toBe(signCallback(SECRET, g.timestamp, g.body));
    expect(JSON.parse(rx.got[2]!.body)).toMatchObject({
      type: 'payment.succeeded',
      ref: body.paymentId,
      merchantRef: 'm2',
      amountFen: 12_345,
    });
    expect(bank.balanceFen()).toBe(12_345);
  });

  it('moves money out only when the account holds it, once per reference, and states each day', async () => {
    const bank = await start();
    const rx = await receiver();
    open.push(rx);
    const { body } = await api(bank, 'POST', '/api/payments', {
      merchantRef: 'm3',
      amountFen: 1_000,
      callbackUrl: rx.url,
    });
    bank.pay(String(body.paymentId));
    const t = {
      merchantRef: 'o1',
      kind: 'release',
      amountFen: 600,
      beneficiary: 'school:x',
      callbackUrl: rx.url,
    };
    const first = await api(bank, 'POST', '/api/transfers', t);
    expect(first.status).toBe(201);
    expect((await api(bank, 'POST', '/api/transfers', t)).body).toEqual(first.body);
    const tooMuch = await api(bank, 'POST', '/api/transfers', { ...t, merchantRef: 'o2', amountFen: 401 });
    expect(tooMuch).toEqual({ status: 422, body: { error: 'insufficient_funds' } });
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const st = await api(bank, 'GET', `/api/statements/${day}`);
    expect(st.body).toMatchObject({ openingFen: 0, closingFen: 400 });
    expect((st.body.entries as unknown[]).length).toBe(2);
  });

  it('injects duplicate callbacks and errors after carrying a request out', async () => {
    const bank = await start({ faults: { duplicateRate: 1 } });
    const rx = await receiver();
    open.push(rx);
    const { body } = await api(bank, 'POST', '/api/payments', {
      merchantRef: 'm4',
      amountFen: 100,
      callbackUrl: rx.url,
    });
    bank.pay(String(body.paymentId));
    await until(() => bank.callbackSummary().acked === 1);
    expect(rx.got.map((g) => JSON.parse(g.body).eventId)).toEqual([
      expect.any(String),
      JSON.parse(rx.got[0]!.body).eventId,
    ]);

    bank.setFaults({ errorRate: 1, errorAfterShare: 1, duplicateRate: 0 });
    const failed = await api(bank, 'POST', '/api/transfers', {
      merchantRef: 'o3',
      kind: 'refund',
      amountFen: 50,
      beneficiary: 'trainee:y',
    });
    expect(failed.status).toBe(503);
    bank.setFaults({ errorRate: 0 });
    // The 503 came after the transfer was booked: the retry finds it, not a second one.
    expect(
      (
        await api(bank, 'POST', '/api/transfers', {
          merchantRef: 'o3',
          kind: 'refund',
          amountFen: 50,
          beneficiary: 'trainee:y',
        })
      ).status,
    ).toBe(200);
    expect(bank.balanceFen()).toBe(50);
  });

  it('comes back from its journal with the same money and the callbacks it still owes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-sandbox-'));
    const rx = await receiver(() => 503);
    open.push(rx);
    const bank = await start({ dataDir });
    const { body } = await api(bank, 'POST', '/api/payments', {
      merchantRef: 'm5',
      amountFen: 700,
      callbackUrl: rx.url,
    });
    bank.pay(String(body.paymentId));
    await until(() => rx.got.length >= 1);
    await bank.close();
    const again = await start({ dataDir });
    expect(again.balanceFen()).toBe(700);
    expect(again.callbackSummary().pending).toBe(1);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
