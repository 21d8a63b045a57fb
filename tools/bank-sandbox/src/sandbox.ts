import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALLBACK_HEADERS, signCallback } from './signing.ts';
import { createBankStore, type Callback, type Payment, type Transfer } from './store.ts';

/**
 * Fault injection. Rates are probabilities per request (or per callback attempt), drawn from a seeded
 * generator so a run can be repeated.
 */
export type Faults = {
  /** Added before every API answer. */
  latencyMs: number;
  /** The request is carried out, then the answer is held for `hangMs` (the caller times out). */
  timeoutRate: number;
  hangMs: number;
  /** A 503; `errorAfterShare` of them after the request was carried out (the worst case for a caller). */
  errorRate: number;
  errorAfterShare: number;
  /** A callback is sent twice. */
  duplicateRate: number;
  /** Callbacks wait a random 0–reorderMs before their first attempt, so they arrive out of order. */
  reorderMs: number;
  /** A callback attempt is dropped on the way (retried later, as after a network error). */
  callbackDropRate: number;
};

export const noFaults: Faults = {
  latencyMs: 0,
  timeoutRate: 0,
  hangMs: 30_000,
  errorRate: 0,
  errorAfterShare: 0.5,
  duplicateRate: 0,
  reorderMs: 0,
  callbackDropRate: 0,
};

export type SandboxOptions = {
  /** Shared HMAC secret of callbacks. */
  callbackSecret: string;
  /** Bearer key the platform's API calls must carry; unset accepts any caller. */
  apiKey?: string;
  /** Journal directory; unset keeps everything in memory. */
  dataDir?: string | null;
  faults?: Partial<Faults>;
  seed?: number;
  /** Callback retry backoff: first wait and cap (ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long one callback attempt may take. */
  callbackTimeoutMs?: number;
  now?: () => Date;
  log?: (message: string, fields?: Record<string, unknown>) => void;
};

/** mulberry32: small, seeded, good enough to pick faults. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function createBankSandbox(options: SandboxOptions) {
  const store = createBankStore(options.dataDir ?? null);
  let faults: Faults = { ...noFaults, ...options.faults };
  const random = seeded(options.seed ?? 808);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 30_000;
  const callbackTimeoutMs = options.callbackTimeoutMs ?? 5_000;
  let baseUrl = '';
  let server: http.Server | null = null;
  let deliveryTimer: NodeJS.Timeout | null = null;
  const inFlight = new Set<string>();
  const hanging = new Set<NodeJS.Timeout>();
  let closed = false;

  // ---- callbacks ---------------------------------------------------------------------------------
  function queueCallback(url: string, event: Record<string, unknown>) {
    const eventId = `evt_${randomUUID()}`;
    const body = JSON.stringify({ eventId, ...event });
    const delay = faults.reorderMs > 0 ? Math.floor(random() * faults.reorderMs) : 0;
    const cb: Callback = {
      eventId,
      url,
      body,
      status: 'pending',
      attempts: 0,
      nextAt: Date.now() + delay,
      lastError: null,
    };
    store.record({ op: 'callback', callback: cb });
  }

  async function attempt(cb: Callback): Promise<void> {
    const live = store.callbacks.get(cb.eventId)!;
    live.attempts++;
    const retry = (error: string) => {
      live.lastError = error;
      live.nextAt = Date.now() + Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(live.attempts - 1, 16));
    };
    if (faults.callbackDropRate > 0 && random() < faults.callbackDropRate) return retry('dropped (fault)');
    const send = async () => {
      const timestamp = String(now().getTime());
      return fetch(cb.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CALLBACK_HEADERS.timestamp]: timestamp,
          [CALLBACK_HEADERS.signature]: signCallback(options.callbackSecret, timestamp, cb.body),
        },
        body: cb.body,
        signal: AbortSignal.timeout(callbackTimeoutMs),
      });
    };
    try {
      const copies = faults.duplicateRate > 0 && random() < faults.duplicateRate ? 2 : 1;
      let res = await send();
      await res.text().catch(() => '');
      if (copies === 2) {
        res = await send();
        await res.text().catch(() => '');
      }
      if (res.status >= 200 && res.status < 300) {
        store.record({ op: 'callback_done', eventId: cb.eventId, status: 'acked' });
      } else if (res.status >= 400 && res.status < 500) {
        // The platform refused it on purpose: resending the same bytes cannot change its mind.
        live.lastError = `refused ${res.status}`;
        store.record({ op: 'callback_done', eventId: cb.eventId, status: 'rejected' });
        log('callback refused', { eventId: cb.eventId, status: res.status });
      } else {
        retry(`status ${res.status}`);
      }
    } catch (err) {
      retry(String(err));
    }
  }

  function deliverDue() {
    if (closed) return;
    const t = Date.now();
    for (const cb of store.callbacks.values()) {
      if (cb.status !== 'pending' || cb.nextAt > t || inFlight.has(cb.eventId)) continue;
      inFlight.add(cb.eventId);
      void attempt(cb).finally(() => inFlight.delete(cb.eventId));
    }
  }

  // ---- operations --------------------------------------------------------------------------------
  function createPayment(input: Record<string, unknown>) {
    const merchantRef = str(input.merchantRef, 'merchantRef');
    const amountFen = fen(input.amountFen);
    const callbackUrl = str(input.callbackUrl, 'callbackUrl');
    const existing = store.paymentByRef(merchantRef);
    if (existing) {
      if (existing.amountFen !== amountFen) throw new HttpError(409, 'merchant_ref_reused');
      return { status: 200, body: paymentView(existing) };
    }
    const payment: Payment = {
      paymentId: `pay_${randomUUID()}`,
      merchantRef,
      amountFen,
      callbackUrl,
      returnUrl: typeof input.returnUrl === 'string' ? input.returnUrl : null,
      description: typeof input.description === 'string' ? input.description : '',
      status: 'awaiting',
      createdAt: now().toISOString(),
      bookedAt: null,
    };
    store.record({ op: 'payment', payment });
    return { status: 201, body: paymentView(payment) };
  }

  function paymentView(p: Payment) {
    return {
      paymentId: p.paymentId,
      merchantRef: p.merchantRef,
      amountFen: p.amountFen,
      status: p.status,
      payUrl: `${baseUrl}/pay/${p.paymentId}`,
      bookedAt: p.bookedAt,
    };
  }

  /** The trainee pays: money is booked into the supervised account and the platform is told. */
  function pay(paymentId: string) {
    const p = store.payments.get(paymentId);
    if (!p) throw new HttpError(404, 'unknown_payment');
    if (p.status === 'paid') return p;
    const bookedAt = now().toISOString();
    store.record({ op: 'paid', paymentId, bookedAt });
    queueCallback(p.callbackUrl, {
      type: 'payment.succeeded',
      ref: p.paymentId,
      merchantRef: p.merchantRef,
      amountFen: p.amountFen,
      bookedAt,
    });
    return store.payments.get(paymentId)!;
  }

  function createTransfer(input: Record<string, unknown>) {
    const merchantRef = str(input.merchantRef, 'merchantRef');
    const amountFen = fen(input.amountFen);
    const kind = input.kind === 'release' || input.kind === 'refund' ? input.kind : null;
    if (!kind) throw new HttpError(400, 'kind must be release or refund');
    const existing = store.transferByRef(merchantRef);
    if (existing) {
      if (existing.amountFen !== amountFen) throw new HttpError(409, 'merchant_ref_reused');
      return { status: 200, body: transferView(existing) };
    }
    if (store.balanceFen() < amountFen) throw new HttpError(422, 'insufficient_funds');
    const transfer: Transfer = {
      transferId: `tr_${randomUUID()}`,
      merchantRef,
      kind,
      amountFen,
      beneficiary: str(input.beneficiary, 'beneficiary'),
      callbackUrl: typeof input.callbackUrl === 'string' ? input.callbackUrl : null,
      bookedAt: now().toISOString(),
    };
    store.record({ op: 'transfer', transfer });
    if (transfer.callbackUrl) {
      queueCallback(transfer.callbackUrl, {
        type: 'transfer.succeeded',
        ref: transfer.transferId,
        merchantRef,
        amountFen,
        bookedAt: transfer.bookedAt,
      });
    }
    return { status: 201, body: transferView(transfer) };
  }

  const transferView = (t: {
    transferId: string;
    merchantRef: string;
    amountFen: number;
    bookedAt: string;
    kind: string;
  }) => ({
    transferId: t.transferId,
    merchantRef: t.merchantRef,
    kind: t.kind,
    amountFen: t.amountFen,
    status: 'succeeded' as const,
    bookedAt: t.bookedAt,
  });

  /** One China day (+08:00) of the supervised account: opening, movements, closing. */
  function statement(date: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HttpError(400, 'date must be YYYY-MM-DD');
    let opening = 0;
    const entries = [];
    for (const m of store.movements()) {
      const day = chinaDay(m.bookedAt);
      if (day < date) opening += m.amountFen;
      else if (day === date) entries.push(m);
    }
    const closing = opening + entries.reduce((s, e) => s + e.amountFen, 0);
    return { date, openingFen: opening, closingFen: closing, entries };
  }

  // ---- HTTP --------------------------------------------------------------------------------------
  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://bank');
    const body = await readBody(req);
    const route = `${req.method} ${url.pathname}`;
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    const html = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(text);
    };

    // The pay page is the trainee's browser, not the platform: no key.
    let m = /^\/pay\/([\w-]+)$/.exec(url.pathname);
    if (m) {
      const p = store.payments.get(m[1]!);
      if (!p) return html(404, page('未知的支付 Unknown payment', '<p>没有这笔支付。</p>'));
      if (req.method === 'POST') pay(p.paymentId);
      return html(200, payPage(store.payments.get(p.paymentId)!));
    }
    if (route === 'GET /health') return json(200, { status: 'ok' });

    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(401, { error: 'bad_api_key' });
    }
    if (route === 'GET /api/faults') return json(200, faults);
    if (route === 'PUT /api/faults') {
      faults = { ...faults, ...(parse(body) as Partial<Faults>) };
      return json(200, faults);
    }
    if (route === 'GET /api/callbacks') return json(200, callbackSummary());

    // Faults apply to the money API only.
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const failAfter = faults.errorRate > 0 && random() < faults.errorRate;
    const failBefore = failAfter && random() >= faults.errorAfterShare;
    if (failBefore) return json(503, { error: 'unavailable (fault, before)' });
    const hang = faults.timeoutRate > 0 && random() < faults.timeoutRate;

    let out: { status: number; body: unknown };
    if (route === 'POST /api/payments') out = createPayment(parse(body));
    else if ((m = /^\/api\/payments\/([\w-]+)$/.exec(url.pathname)) && req.method === 'GET') {
      const p = store.payments.get(m[1]!);
      if (!p) throw new HttpError(404, 'unknown_payment');
      out = { status: 200, body: paymentView(p) };
    } else if ((m = /^\/api\/payments\/([\w-]+)\/pay$/.exec(url.pathname)) && req.method === 'POST') {
      out = { status: 200, body: paymentView(pay(m[1]!)) };
    } else if (route === 'POST /api/transfers') out = createTransfer(parse(body));
    else if ((m = /^\/api\/statements\/([\d-]+)$/.exec(url.pathname)) && req.method === 'GET') {
      out = { status: 200, body: statement(m[1]!) };
    } else throw new HttpError(404, `no route ${route}`);

    if (failAfter) return json(503, { error: 'unavailable (fault, after)' });
    if (hang) {
      // Carried out, never answered in time: the caller must retry and find it done.
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          hanging.delete(t);
          resolve();
        }, faults.hangMs);
        hanging.add(t);
      });
      if (closed) return void res.destroy();
    }
    return json(out.status, out.body);
  }

  function callbackSummary() {
    const all = [...store.callbacks.values()];
    return {
      pending: all.filter((c) => c.status === 'pending').length,
      acked: all.filter((c) => c.status === 'acked').length,
      rejected: all.filter((c) => c.status === 'rejected').length,
      attempts: all.reduce((s, c) => s + c.attempts, 0),
    };
  }

  return {
    store,
    get url() {
      return baseUrl;
    },
    get faults() {
      return faults;
    },
    setFaults(next: Partial<Faults>) {
      faults = { ...faults, ...next };
    },
    pay: (paymentId: string) => pay(paymentId),
    statement,
    callbackSummary,
    balanceFen: () => store.balanceFen(),

    async listen(port = 0, host = '127.0.0.1'): Promise<string> {
      server = http.createServer((req, res) => {
        handle(req, res).catch((err: unknown) => {
          const status = err instanceof HttpError ? err.status : 500;
          const reason = err instanceof HttpError ? err.reason : String(err);
          if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: reason }));
        });
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      baseUrl = `http://${host}:${address.port}`;
      const tick = () => {
        deliverDue();
        deliveryTimer = setTimeout(tick, 25);
      };
      tick();
      log('listening', {
        url: baseUrl,
        balanceFen: store.balanceFen(),
        pendingCallbacks: callbackSummary().pending,
      });
      return baseUrl;
    },

    async close(): Promise<void> {
      closed = true;
      if (deliveryTimer) clearTimeout(deliveryTimer);
      for (const t of hanging) clearTimeout(t);
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
    },
  };
}
export type BankSandbox = ReturnType<typeof createBankSandbox>;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parse(body: string): Record<string, unknown> {
  try {
    const v = JSON.parse(body || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'body must be a JSON object');
}
function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 500) {
    throw new HttpError(400, `${name} is required`);
  }
  return v;
}
function fen(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
    throw new HttpError(400, 'amountFen must be a positive integer');
  }
  return v;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const yuan = (fenAmount: number) => (fenAmount / 100).toFixed(2);

function page(title: string, content: string) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 2rem}</style></head>
<body><h1>资金监管银行（沙箱） Escrow bank sandbox</h1>${content}</body></html>`;
}

function payPage(p: Payment) {
  const back = p.returnUrl
    ? `<p><a href="${escapeHtml(p.returnUrl)}">返回平台 Back to the platform</a></p>`
    : '';
  if (p.status === 'paid') {
    return page('支付成功 Paid', `<p data-testid="paid">支付成功 Paid: ¥${yuan(p.amountFen)}</p>${back}`);
  }
  return page(
    '支付 Pay',
    `<p>${escapeHtml(p.description)}</p><p>金额 Amount: <strong>¥${yuan(p.amountFen)}</strong></p>
<form method="post"><button type="submit" data-testid="pay">确认支付 Pay</button></form>`,
  );
}
