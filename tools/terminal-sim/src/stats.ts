/**
 * Counters shared by every car of a fleet. Keys of the per-id maps are `0x0200`, or `0x0900/0x0203`
 * for a 驾培 extended message inside a transparent frame, so a summary reads like the protocol tables.
 */
export type SimStats = {
  cars: number;
  connected: number;
  authenticated: number;
  inSession: number;
  /** Frames written, by id. */
  sent: Record<string, number>;
  /** Downlink frames received, by id. */
  received: Record<string, number>;
  /** Positive 0x8001 answers, by the id they answer. */
  acks: Record<string, number>;
  /** 0x8001 answers with a result other than 0, by id and result (`0x0900/0x0203:2`). */
  nacks: Record<string, number>;
  /** 0x0203 minute records sent again because no 0x8001 came in time. */
  resends: number;
  /** Blind-area (补传) uploads: 0x0704 items and 0x0203 with the resend bit. */
  blindAreaItems: number;
  /** Frames re-sent for a 0x8003 re-request. */
  retransmitted: number;
  /** Frames whose 0x8001 never came (and that are not re-sent). */
  unacked: number;
  /** Frames not written because the socket was congested (positions and heartbeats only). */
  skippedBackpressure: number;
  /** Problems by kind: connect, socket, reply timeouts, registration results… */
  errors: Record<string, number>;
  /** Deliberately malformed writes, by class. */
  malformed: Record<string, number>;
  sessions: { started: number; completed: number; aborted: number };
  minuteRecords: number;
  photos: number;
  bytesSent: number;
  bytesReceived: number;
};

export function createStats(): SimStats {
  return {
    cars: 0,
    connected: 0,
    authenticated: 0,
    inSession: 0,
    sent: {},
    received: {},
    acks: {},
    nacks: {},
    resends: 0,
    blindAreaItems: 0,
    retransmitted: 0,
    unacked: 0,
    skippedBackpressure: 0,
    errors: {},
    malformed: {},
    sessions: { started: 0, completed: 0, aborted: 0 },
    minuteRecords: 0,
    photos: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
}

export function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

export function idKey(msgId: number, extId?: number): string {
  const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
  return extId === undefined ? hex(msgId) : `${hex(msgId)}/${hex(extId)}`;
}

export function sum(map: Record<string, number>): number {
  let n = 0;
  for (const k in map) n += map[k]!;
  return n;
}

/** A deep copy, safe to hand out while the cars keep counting. */
export function snapshot(stats: SimStats): SimStats {
  return structuredClone(stats);
}
