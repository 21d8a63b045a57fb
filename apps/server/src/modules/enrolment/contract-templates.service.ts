import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import { regionPrefix, requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission, regionScopedRoles, Role } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import { checkTemplateBody, PLACEHOLDERS, requiredPlaceholders, validReleasePlan } from './contract-text.ts';

export type TemplateInput = {
  title: string;
  body: string;
  releasePlan: unknown;
  refundRule: string;
  disputeClause: string;
  perHourFen: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The city a county or city code belongs to (GB/T 2260: the first four digits and 00). */
export const cityOf = (code: string) => `${code.slice(0, 4)}00`;

type TemplateRow = Selectable<DB['contractTemplates']>;

export function templateView(t: TemplateRow, now: Date, inForceId: string | null) {
  return {
    id: t.id,
    cityCode: t.cityCode,
    version: t.version,
    title: t.title,
    body: t.body,
    releasePlan: validReleasePlan(t.releasePlan),
    refundRule: t.refundRule,
    disputeClause: t.disputeClause,
    perHourFen: t.perHourFen,
    status: t.status as 'draft' | 'published',
    effectiveFrom: t.effectiveFrom?.toISOString() ?? null,
    publishedAt: t.publishedAt?.toISOString() ?? null,
    inForce: t.id === inForceId,
    pending: t.status === 'published' && t.effectiveFrom !== null && t.effectiveFrom > now,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/**
 * 合同示范文本: a city regulator writes versions of the city's contract template; a draft may change, a
 * published version never does (the database refuses). The version in force is the newest published
 * one whose effective date has passed; contracts are generated from it.
 */
export function createContractTemplatesService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditLogService;
}) {
  const { db, clock, audit } = deps;

  /** Which cities' templates the actor reads: a regulator's region, a school user's city. */
  async function visibleCities(actor: Actor): Promise<{ like: string } | { eq: string }> {
    if (regionScopedRoles.has(actor.role) && actor.regionCode) {
      // A county regulator reads its city's contract, the one its schools use.
      if (actor.role === Role.regulatorCounty) return { eq: cityOf(actor.regionCode) };
      return { like: `${regionPrefix(actor.regionCode)}%` };
    }
    if (actor.schoolId) {
      const school = await db
        .selectFrom('schools')
        .select('countyCode')
        .where('id', '=', actor.schoolId)
        .executeTakeFirst();
      if (school) return { eq: cityOf(school.countyCode) };
    }
    throw new AppError('auth.forbidden', { message: 'actor has no region or school' });
  }

  /** The city a regulator writes for: only a city regulator holds contractTemplateWrite. */
  function cityOfWriter(actor: Actor): string {
    requirePermission(actor, Permission.contractTemplateWrite);
    if (
      !actor.regionCode ||
      cityOf(actor.regionCode) !== actor.regionCode ||
      actor.regionCode.endsWith('0000')
    ) {
      throw new AppError('auth.forbidden', { message: 'contract templates are written by a city regulator' });
    }
    return actor.regionCode;
  }

  async function inForce(tx: Kysely<DB>, cityCode: string, at: Date) {
    return tx
      .selectFrom('contractTemplates')
      .selectAll()
      .where('cityCode', '=', cityCode)
      .where('status', '=', 'published')
      .where('effectiveFrom', '<=', at)
      .orderBy('effectiveFrom', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  function checkInput(input: TemplateInput) {
    checkTemplateBody(input.body);
    validReleasePlan(input.releasePlan);
    if (!Number.isSafeInteger(input.perHourFen) || input.perHourFen < 0) {
      throw new AppError('contract_template.invalid', {
        message: 'perHourFen must be a whole number of 分 ≥ 0',
      });
    }
  }

  async function requireWritable(actor: Actor, id: string) {
    const city = cityOfWriter(actor);
    if (!UUID.test(id)) throw new AppError('contract_template.not_found');
    const row = await db
      .selectFrom('contractTemplates')
      .selectAll()
      .where('id', '=', id)
      .where('cityCode', '=', city)
      .executeTakeFirst();
    if (!row) throw new AppError('contract_template.not_found');
    return row;
  }

  async function view(rows: TemplateRow[]) {
    const now = clock.now();
    const cities = [...new Set(rows.map((r) => r.cityCode))];
    const current = new Map<string, string | null>();
    for (const c of cities) current.set(c, (await inForce(db, c, now))?.id ?? null);
    return rows.map((r) => templateView(r, now, current.get(r.cityCode) ?? null));
  }

  return {
    inForce,
    placeholders: () =>
      Object.entries(PLACEHOLDERS).map(([key, label]) => ({
        key,
        label,
        required: requiredPlaceholders.includes(key as keyof typeof PLACEHOLDERS),
      })),

    /** Regulators see drafts and versions of their region; schools only the published versions of their city. */
    async list(actor: Actor) {
      requirePermission(actor, Permission.contractTemplateRead);
      const cities = await visibleCities(actor);
      let q = db.selectFrom('contractTemplates').selectAll();
      q = 'eq' in cities ? q.where('cityCode', '=', cities.eq) : q.where('cityCode', 'like', cities.like);
      if (!regionScopedRoles.has(actor.role)) q = q.where('status', '=', 'published');
      return view(await q.orderBy('cityCode').orderBy('version', 'desc').execute());
    },

    async get(actor: Actor, id: string) {
      requirePermission(actor, Permission.contractTemplateRead);
      if (!UUID.test(id)) throw new AppError('contract_template.not_found');
      const cities = await visibleCities(actor);
      const row = await db
        .selectFrom('contractTemplates')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      const visible =
        row &&
        ('eq' in cities ? row.cityCode === cities.eq : row.cityCode.startsWith(cities.like.slice(0, -1))) &&
        (regionScopedRoles.has(actor.role) || row.status === 'published');
      if (!row || !visible) throw new AppError('contract_template.not_found');
      return (await view([row]))[0]!;
    },

    /** A new draft version (the next number of the city). A retry with the same key returns the same draft. */
    async createDraft(actor: Actor, input: TemplateInput & { idempotencyKey: string }) {
      const city = cityOfWriter(actor);
      checkInput(input);
      const id = await db.transaction().execute(async (tx) => {
        // Versions of one city are numbered one after another; the lock makes the max+1 safe.
        await sql`SELECT pg_advisory_xact_lock(hashtext(${`contract-template:${city}`}))`.execute(tx);
        const earlier = await tx
          .selectFrom('contractTemplates')
          .select(['id', 'cityCode'])
          .where('idempotencyKey', '=', input.idempotencyKey)
          .executeTakeFirst();
        if (earlier) {
          if (earlier.cityCode !== city) {
            throw new AppError('enrolment.idempotency_conflict', { message: 'key used by another city' });
          }
          return earlier.id;
        }
        const last = await tx
          .selectFrom('contractTemplates')
          .select((eb) => eb.fn.max('version').as('v'))
          .where('cityCode', '=', city)
          .executeTakeFirst();
        const now = clock.now();
        const row = await tx
          .insertInto('contractTemplates')
          .values({
            cityCode: city,
            version: Number(last?.v ?? 0) + 1,
            title: input.title,
            body: input.body,
            releasePlan: JSON.stringify(input.releasePlan),
            refundRule: input.refundRule,
            disputeClause: input.disputeClause,
            perHourFen: input.perHourFen,
            createdBy: actor.userId,
            idempotencyKey: input.idempotencyKey,
            createdAt: now,
            updatedAt: now,
          })
          .returning(['id', 'version'])
          .executeTakeFirstOrThrow();
        await audit.append(tx, actor, {
          action: 'contract_template.drafted',
          entityType: 'contract_template',
          entityId: row.id,
          regionCode: city,
          details: { version: row.version },
        });
        return row.id;
      });
      return this.get(actor, id);
    },

    async updateDraft(actor: Actor, id: string, input: TemplateInput) {
      const row = await requireWritable(actor, id);
      if (row.status !== 'draft') throw new AppError('contract_template.published');
      checkInput(input);
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('contractTemplates')
          .set({
            title: input.title,
            body: input.body,
            releasePlan: JSON.stringify(input.releasePlan),
            refundRule: input.refundRule,
            disputeClause: input.disputeClause,
            perHourFen: input.perHourFen,
            updatedAt: clock.now(),
          })
          .where('id', '=', id)
          .where('status', '=', 'draft')
          .execute();
        await audit.append(tx, actor, {
          action: 'contract_template.updated',
          entityType: 'contract_template',
          entityId: id,
          regionCode: row.cityCode,
          details: { version: row.version },
        });
      });
      return this.get(actor, id);
    },

    /** Publishes a draft, in force from `effectiveFrom` (default now). Publishing it again changes nothing. */
    async publish(actor: Actor, id: string, input: { effectiveFrom?: string | undefined }) {
      const row = await requireWritable(actor, id);
      if (row.status === 'published') return this.get(actor, id);
      const now = clock.now();
      const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
      if (Number.isNaN(effectiveFrom.getTime()) || effectiveFrom < new Date(now.getTime() - 60_000)) {
        throw new AppError('contract_template.invalid', { message: 'effectiveFrom must be now or later' });
      }
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('contractTemplates')
          .set({ status: 'published', publishedAt: now, effectiveFrom, updatedAt: now })
          .where('id', '=', id)
          .where('status', '=', 'draft')
          .execute();
        await audit.append(tx, actor, {
          action: 'contract_template.published',
          entityType: 'contract_template',
          entityId: id,
          regionCode: row.cityCode,
          details: { version: row.version, effectiveFrom: effectiveFrom.toISOString() },
        });
      });
      return this.get(actor, id);
    },
  };
}
export type ContractTemplatesService = ReturnType<typeof createContractTemplatesService>;
