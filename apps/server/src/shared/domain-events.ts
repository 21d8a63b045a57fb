import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.ts';

/**
 * Domain events through an outbox: `publish` writes the event in the caller's transaction, so it exists
 * exactly when the change it announces committed; `dispatchPending` hands undelivered events to the
 * in-process subscribers in order and marks them delivered. Subscribers must be idempotent: after a
 * crash between a handler and the mark, the event is delivered again.
 */
export type DomainEvents = {
  'stage.approved': {
    stageSubmissionId: string;
    traineeId: string;
    schoolId: string;
    part: number;
    approvedAt: string;
  };
  /** A session's risk score reached the high level (issue 6): it joins the manual review queue. */
  'anomaly.session_flagged': {
    teachingLogId: string;
    schoolId: string;
    /** The school's county code (GB/T 2260), for routing. */
    regionCode: string;
    score: number;
    detectors: string[];
  };
  /** A regulator decided a manual review of a teaching log (issue 6). */
  'review.decided': {
    reviewId: string;
    teachingLogId: string;
    schoolId: string;
    coachId: string | null;
    regionCode: string;
    decision: 'valid' | 'partial' | 'invalid';
    /** Minutes the reviewer kept valid (all for valid, none for invalid). */
    validMinutes: number;
    reasons: string[];
    reviewerId: string;
    decidedAt: string;
  };
};
export type DomainEventType = keyof DomainEvents;

type Handler<T extends DomainEventType> = (payload: DomainEvents[T], tx: Kysely<DB>) => Promise<void>;

export function createDomainEventBus() {
  const handlers = new Map<DomainEventType, Handler<DomainEventType>[]>();

  return {
    async publish<T extends DomainEventType>(
      tx: Kysely<DB>,
      type: T,
      payload: DomainEvents[T],
    ): Promise<void> {
      await tx
        .insertInto('domainEvents')
        .values({ type, payload: JSON.stringify(payload) })
        .execute();
    },

    /** Several events of one type in one statement (a bulk run flags thousands of sessions). */
    async publishMany<T extends DomainEventType>(
      tx: Kysely<DB>,
      type: T,
      payloads: readonly DomainEvents[T][],
    ): Promise<void> {
      if (payloads.length === 0) return;
      await tx
        .insertInto('domainEvents')
        .values(payloads.map((payload) => ({ type, payload: JSON.stringify(payload) })))
        .execute();
    },

    subscribe<T extends DomainEventType>(type: T, handler: Handler<T>): void {
      const list = handlers.get(type) ?? [];
      list.push(handler as unknown as Handler<DomainEventType>);
      handlers.set(type, list);
    },

    /**
     * Delivers pending events oldest first, each in its own transaction with its handlers. Returns how
     * many were delivered. Called after a publishing request commits, and periodically as a safety net.
     */
    async dispatchPending(db: Kysely<DB>, limit = 100): Promise<number> {
      let delivered = 0;
      for (let i = 0; i < limit; i++) {
        const done = await db.transaction().execute(async (tx) => {
          const event = await tx
            .selectFrom('domainEvents')
            .select(['id', 'type', 'payload'])
            .where('dispatchedAt', 'is', null)
            .orderBy('id')
            .limit(1)
            .forUpdate()
            .skipLocked()
            .executeTakeFirst();
          if (!event) return false;
          for (const handler of handlers.get(event.type as DomainEventType) ?? []) {
            await handler(event.payload as DomainEvents[DomainEventType], tx);
          }
          await tx
            .updateTable('domainEvents')
            .set({ dispatchedAt: sql<Date>`now()` })
            .where('id', '=', event.id)
            .execute();
          return true;
        });
        if (!done) break;
        delivered++;
      }
      return delivered;
    },
  };
}
export type DomainEventBus = ReturnType<typeof createDomainEventBus>;
