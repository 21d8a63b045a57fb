import type { Header, HeaderVariant } from '../types.ts';

/*
 * JT/T 808-2013 §4.4.3 消息包封装项 and §8.4 补传分包请求: a long message is cut into packets 1…total
 * with consecutive 流水号; the receiver asks for missing ones with 0x8003 quoting the first packet's
 * serial (原始消息流水号) and the missing 包序号. This is a pure state object: time is passed in as `now`
 * (ms), nothing is scheduled, so the gateway decides when to poll and tests control the clock.
 */

export type ReassemblerOptions = {
  /** Idle time after the last packet before asking for the missing ones. Default 5 000 ms. */
  retryAfterMs?: number;
  /** Give up on a message this long after its first packet. Default 60 000 ms. */
  timeoutMs?: number;
  /** Re-requests per message before giving up. Default 3. */
  maxRetries?: number;
  /** Messages in progress at once (per reassembler, i.e. per connection). Default 16. */
  maxPending?: number;
  /** Largest reassembled body. Default 4 MiB (a photo). */
  maxMessageBytes?: number;
};

export type PushResult =
  | { status: 'complete'; header: Header; body: Uint8Array }
  | { status: 'pending'; received: number; total: number }
  | { status: 'duplicate' }
  | { status: 'rejected'; reason: 'too_many_pending' | 'too_large' };

/** Ask the terminal again for `packetIds` (send as 0x8003 with `originalSerial`). */
export type ReRequest = {
  phone: string;
  msgId: number;
  version: HeaderVariant;
  originalSerial: number;
  packetIds: number[];
};

/** A message abandoned after `timeoutMs` or `maxRetries`. */
export type Expired = {
  phone: string;
  msgId: number;
  originalSerial: number;
  total: number;
  missing: number[];
};

type Pending = {
  key: string;
  phone: string;
  msgId: number;
  version: HeaderVariant;
  total: number;
  originalSerial: number;
  parts: (Uint8Array | undefined)[];
  headers: (Header | undefined)[];
  received: number;
  bytes: number;
  firstAt: number;
  nextRetryAt: number;
  retries: number;
};

export type Reassembler = {
  /** Add one packet (`header.packet` set). Returns the whole body when the last one arrives. */
  push(header: Header, fragment: Uint8Array, now: number): PushResult;
  /** Re-requests that are due and messages that expired at `now`. */
  poll(now: number): { reRequests: ReRequest[]; expired: Expired[] };
  /** Messages in progress. */
  readonly pending: number;
};

function missingOf(p: Pending): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.total; i++) if (!p.parts[i]) out.push(i + 1);
  return out;
}

export function createReassembler(options: ReassemblerOptions = {}): Reassembler {
  const retryAfterMs = options.retryAfterMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 3;
  const maxPending = options.maxPending ?? 16;
  const maxMessageBytes = options.maxMessageBytes ?? 4 * 1024 * 1024;
  const pending = new Map<string, Pending>();

  /**
   * Find the message a packet belongs to: by its first serial, or — for terminals that give
   * re-sent packets new serials — the newest message of the same phone/id/total still missing it.
   */
  function find(header: Header, key: string, index: number): Pending | undefined {
    const exact = pending.get(key);
    if (exact) return exact;
    let match: Pending | undefined;
    for (const p of pending.values()) {
      if (
        p.phone === header.phone &&
        p.msgId === header.msgId &&
        p.total === header.packet!.total &&
        !p.parts[index - 1]
      ) {
        if (!match || p.firstAt >= match.firstAt) match = p;
      }
    }
    return match;
  }

  return {
    get pending() {
      return pending.size;
    },
    push(header, fragment, now) {
      const packet = header.packet ?? { total: 1, index: 1 };
      if (packet.total <= 1) return { status: 'complete', header, body: fragment };
      const originalSerial = (header.serial - (packet.index - 1)) & 0xffff;
      const key = `${header.phone}|${header.msgId}|${packet.total}|${originalSerial}`;
      let p = find(header, key, packet.index);
      if (!p) {
        if (pending.size >= maxPending) return { status: 'rejected', reason: 'too_many_pending' };
        p = {
          key,
          phone: header.phone,
          msgId: header.msgId,
          version: header.version,
          total: packet.total,
          originalSerial,
          parts: new Array<Uint8Array | undefined>(packet.total),
          headers: new Array<Header | undefined>(packet.total),
          received: 0,
          bytes: 0,
          firstAt: now,
          nextRetryAt: now + retryAfterMs,
          retries: 0,
        };
        pending.set(key, p);
      }
      const i = packet.index - 1;
      if (p.parts[i]) return { status: 'duplicate' };
      if (p.bytes + fragment.length > maxMessageBytes) {
        pending.delete(p.key);
        return { status: 'rejected', reason: 'too_large' };
      }
      p.parts[i] = fragment;
      p.headers[i] = header;
      p.received++;
      p.bytes += fragment.length;
      p.nextRetryAt = now + retryAfterMs;
      if (p.received < p.total) return { status: 'pending', received: p.received, total: p.total };
      pending.delete(p.key);
      const body = new Uint8Array(p.bytes);
      let at = 0;
      for (const part of p.parts) {
        body.set(part!, at);
        at += part!.length;
      }
      const first = p.headers[0]!;
      return { status: 'complete', header: { ...first, bodyLength: body.length }, body };
    },
    poll(now) {
      const reRequests: ReRequest[] = [];
      const expired: Expired[] = [];
      for (const p of [...pending.values()]) {
        const giveUp = now - p.firstAt >= timeoutMs || (p.retries >= maxRetries && now >= p.nextRetryAt);
        if (giveUp) {
          pending.delete(p.key);
          expired.push({
            phone: p.phone,
            msgId: p.msgId,
            originalSerial: p.originalSerial,
            total: p.total,
            missing: missingOf(p),
          });
        } else if (now >= p.nextRetryAt) {
          p.retries++;
          p.nextRetryAt = now + retryAfterMs;
          reRequests.push({
            phone: p.phone,
            msgId: p.msgId,
            version: p.version,
            originalSerial: p.originalSerial,
            packetIds: missingOf(p),
          });
        }
      }
      return { reRequests, expired };
    },
  };
}
