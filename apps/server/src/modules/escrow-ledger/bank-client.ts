import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/app-error.ts';

/**
 * The supervised-account bank as the ledger sees it: create a payment (the trainee pays on the bank's
 * page), move money out (a release to a school or a refund to a trainee) and read a day's statement.
 * Every call is idempotent at the bank on our reference (`merchantRef`: the payment intent or payout
 * id), so a call that timed out is simply made again. tools/bank-sandbox implements this API locally.
 */
export type BankPayment = { paymentId: string; payUrl: string; status: string; amountFen: number };
export type BankTransfer = { transferId: string; status: 'succeeded'; bookedAt: string; amountFen: number };
export type BankStatement = {
  date: string;
  openingFen: number;
  closingFen: number;
  entries: Array<{
    ref: string;
    type: 'payment' | 'transfer';
    amountFen: number;
    bookedAt: string;
    merchantRef: string;
  }>;
};

export type BankClient = {
  createPayment(input: {
    merchantRef: string;
    amountFen: number;
    callbackUrl: string;
    returnUrl?: string;
    description?: string;
  }): Promise<BankPayment>;
  createTransfer(input: {
    merchantRef: string;
    kind: 'release' | 'refund';
    amountFen: number;
    beneficiary: string;
    callbackUrl: string;
  }): Promise<BankTransfer>;
  statement(date: string): Promise<BankStatement>;
};

/** A refusal the bank gave on purpose (4xx): retrying the same request will not change it. */
export class BankRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`bank refused (${status}): ${reason}`);
    this.name = 'BankRefusal';
  }
}

export function createBankClient(options: { url: string; apiKey: string; timeoutMs: number }): BankClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, options.url), {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      throw new AppError('escrow.bank_unavailable', {
        message: `bank ${method} ${path}: ${String(err)}`,
        cause: err,
      });
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500) {
      throw new AppError('escrow.bank_unavailable', {
        message: `bank ${method} ${path}: ${res.status} ${text}`,
      });
    }
    if (res.status >= 400) {
      let reason = text;
      try {
        reason = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new BankRefusal(res.status, reason);
    }
    return JSON.parse(text) as T;
  }
  return {
    createPayment: (input) => call('POST', '/api/payments', input),
    createTransfer: (input) => call('POST', '/api/transfers', input),
    statement: (date) => call('GET', `/api/statements/${date}`),
  };
}

/** Headers the bank signs its callbacks with. */
export const CALLBACK_HEADERS = { timestamp: 'x-bank-timestamp', signature: 'x-bank-signature' } as const;
/** A callback signed longer ago than this is a replay (the bank signs every attempt afresh). */
export const CALLBACK_MAX_SKEW_MS = 5 * 60_000;

/** hex HMAC-SHA256 over `${timestamp}.${rawBody}` with the shared callback secret. */
export function signCallback(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

export function isCallbackSignatureValid(
  secret: string,
  timestamp: string,
  rawBody: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signCallback(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(signature) ? signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
