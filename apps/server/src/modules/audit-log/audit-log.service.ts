import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../shared/access.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AuditLogRepository, AuditRow } from './audit-log.repository.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | null;
  regionCode?: string | null;
  schoolId?: string | null;
  details?: Record<string, unknown>;
};

/** JSON with object keys sorted, so the hash does not depend on how jsonb reorders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEntry(row: Omit<AuditRow, 'hash'>): string {
  const material = canonicalJson([
    row.seq,
    row.occurredAt.toISOString(),
    row.actorUserId,
    row.actorRole,
    row.action,
    row.entityType,
    row.entityId,
    row.regionCode,
    row.schoolId?.toLowerCase() ?? null,
    row.details,
    row.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

export type ChainVerdict =
  | { ok: true; checked: number; lastSeq: number }
  | { ok: false; checked: number; brokenAtSeq: number; reason: 'hash_mismatch' | 'link_mismatch' | 'gap' };

export function createAuditLogService(deps: { auditLog: AuditLogRepository; clock: Clock }) {
  const { auditLog, clock } = deps;
  return {
    /**
     * Appends one entry inside the caller's transaction, so the audit record commits or rolls back with
     * the write it describes. `actor` is null for system actions (seeding, jobs).
     */
    async append(
      tx: Kysely<DB>,
      actor: Pick<Actor, 'userId' | 'role'> | null,
      entry: AuditEntry,
    ): Promise<void> {
      await auditLog.lockChain(tx);
      const last = await auditLog.findLast(tx);
      const row: Omit<AuditRow, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        occurredAt: clock.now(),
        actorUserId: actor?.userId ?? null,
        actorRole: actor?.role ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        regionCode: entry.regionCode ?? null,
        schoolId: entry.schoolId ?? null,
        details: entry.details ?? {},
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      await auditLog.insert(tx, { ...row, hash: hashEntry(row) });
    },

    /** Walks the whole chain in pages; the first entry whose hash or link does not hold is reported. */
    async verifyChain(db: Kysely<DB>): Promise<ChainVerdict> {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      let checked = 0;
      for (;;) {
        const page = await auditLog.findPage(db, expectedSeq - 1, 1000);
        if (page.length === 0) return { ok: true, checked, lastSeq: expectedSeq - 1 };
        for (const row of page) {
          if (row.seq !== expectedSeq) return { ok: false, checked, brokenAtSeq: expectedSeq, reason: 'gap' };
          if (row.prevHash !== prevHash) {
            return { ok: false, checked, brokenAtSeq: row.seq, reason: 'link_mismatch' };
          }
          if (hashEntry(row) !== row.hash) {
            return { ok: false, checked, brokenAtSeq: row.seq, reason: 'hash_mismatch' };
          }
          prevHash = row.hash;
          expectedSeq++;
          checked++;
        }
      }
    },
  };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
