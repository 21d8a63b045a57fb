import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

export type AuditRow = {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  schoolId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
};

export function createAuditLogRepository() {
  return {
    /** Serialises appenders for the rest of the transaction: the chain needs one writer at a time. */
    async lockChain(tx: Kysely<DB>): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(7266)`.execute(tx);
    },

    async findLast(tx: Kysely<DB>): Promise<{ seq: number; hash: string } | undefined> {
      return tx
        .selectFrom('auditLog')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async insert(tx: Kysely<DB>, row: AuditRow): Promise<void> {
      await tx
        .insertInto('auditLog')
        .values({ ...row, details: JSON.stringify(row.details) })
        .execute();
    },

    async findPage(db: Kysely<DB>, afterSeq: number, limit: number): Promise<AuditRow[]> {
      return db
        .selectFrom('auditLog')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute() as Promise<AuditRow[]>;
    },
  };
}

export type AuditLogRepository = ReturnType<typeof createAuditLogRepository>;
