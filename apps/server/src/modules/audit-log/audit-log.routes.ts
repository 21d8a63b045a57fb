import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Api } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from './audit-log.service.ts';

const VerdictSchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  lastSeq: Type.Optional(Type.Integer()),
  brokenAtSeq: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String()),
});

export function auditLogRoutes(audit: AuditLogService, db: Kysely<DB>) {
  return async (app: Api) => {
    app.get(
      '/api/audit-log/verify',
      {
        config: { auth: { permission: Permission.auditLogVerify } },
        schema: { tags: ['audit'], response: { 200: VerdictSchema } },
      },
      async () => audit.verifyChain(db),
    );
  };
}
