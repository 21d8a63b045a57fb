import fs from 'node:fs';
import path from 'node:path';

/**
 * The sandbox bank's books: payments into the supervised account, transfers out of it (releases to
 * schools, refunds to trainees) and the callbacks it owes the platform. State lives in memory and, with
 * a data directory, every change is appended to `journal.jsonl` first, so a restarted sandbox (or one
 * killed mid-burst) comes back with the same money and the same undelivered callbacks.
 */
export type Payment = {
  paymentId: string;
  merchantRef: string;
  amountFen: number;
  callbackUrl: string;
  returnUrl: string | null;
  description: string;
  status: 'awaiting' | 'paid';
  createdAt: string;
  bookedAt: string | null;
};
export type Transfer = {
  transferId: string;
  merchantRef: string;
  kind: 'release' | 'refund';
  amountFen: number;
  beneficiary: string;
  callbackUrl: string | null;
  bookedAt: string;
};
export type Callback = {
  eventId: string;
  url: string;
  body: string;
  status: 'pending' | 'acked' | 'rejected';
  attempts: number;
  nextAt: number;
  lastError: string | null;
};

type Change =
  | { op: 'payment'; payment: Payment }
  | { op: 'paid'; paymentId: string; bookedAt: string }
  | { op: 'transfer'; transfer: Transfer }
  | { op: 'callback'; callback: Callback }
  | { op: 'callback_done'; eventId: string; status: 'acked' | 'rejected' };

export function createBankStore(dataDir: string | null) {
  const payments = new Map<string, Payment>();
  const paymentsByRef = new Map<string, Payment>();
  const transfers = new Map<string, Transfer>();
  const transfersByRef = new Map<string, Transfer>();
  const callbacks = new Map<string, Callback>();
  const journal = dataDir ? path.join(dataDir, 'journal.jsonl') : null;

  function apply(c: Change) {
    switch (c.op) {
      case 'payment':
        payments.set(c.payment.paymentId, c.payment);
        paymentsByRef.set(c.payment.merchantRef, c.payment);
        break;
      case 'paid': {
        const p = payments.get(c.paymentId);
        if (p) {
          p.status = 'paid';
          p.bookedAt = c.bookedAt;
        }
        break;
      }
      case 'transfer':
        transfers.set(c.transfer.transferId, c.transfer);
        transfersByRef.set(c.transfer.merchantRef, c.transfer);
        break;
      case 'callback':
        callbacks.set(c.callback.eventId, { ...c.callback });
        break;
      case 'callback_done': {
        const cb = callbacks.get(c.eventId);
        if (cb) cb.status = c.status;
        break;
      }
    }
  }

  if (journal) {
    fs.mkdirSync(dataDir!, { recursive: true });
    if (fs.existsSync(journal)) {
      for (const line of fs.readFileSync(journal, 'utf8').split('\n')) {
        // A line cut short by a crash was never acknowledged to anyone: skip it.
        if (!line.trim()) continue;
        try {
          apply(JSON.parse(line) as Change);
        } catch {
          break;
        }
      }
    }
  }

  /** Journal first (synchronously, so an answer never precedes its record), then memory. */
  function record(c: Change) {
    if (journal) fs.appendFileSync(journal, `${JSON.stringify(c)}\n`);
    apply(c);
  }

  return {
    payments,
    transfers,
    callbacks,
    paymentByRef: (ref: string) => paymentsByRef.get(ref),
    transferByRef: (ref: string) => transfersByRef.get(ref),
    record,
    /** The supervised account's balance: paid payments in, transfers out. */
    balanceFen(): number {
      let sum = 0;
      for (const p of payments.values()) if (p.status === 'paid') sum += p.amountFen;
      for (const t of transfers.values()) sum -= t.amountFen;
      return sum;
    },
    /** Booked movements, signed (in positive, out negative), oldest first. */
    movements() {
      const out: Array<{
        ref: string;
        type: 'payment' | 'transfer';
        amountFen: number;
        bookedAt: string;
        merchantRef: string;
      }> = [];
      for (const p of payments.values()) {
        if (p.status === 'paid' && p.bookedAt) {
          out.push({
            ref: p.paymentId,
            type: 'payment',
            amountFen: p.amountFen,
            bookedAt: p.bookedAt,
            merchantRef: p.merchantRef,
          });
        }
      }
      for (const t of transfers.values()) {
        out.push({
          ref: t.transferId,
          type: 'transfer',
          amountFen: -t.amountFen,
          bookedAt: t.bookedAt,
          merchantRef: t.merchantRef,
        });
      }
      return out.sort((a, b) => (a.bookedAt < b.bookedAt ? -1 : a.bookedAt > b.bookedAt ? 1 : 0));
    },
  };
}
export type BankStore = ReturnType<typeof createBankStore>;
