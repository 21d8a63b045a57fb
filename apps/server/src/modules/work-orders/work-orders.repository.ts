import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { SchoolScope } from '../../shared/access.ts';
import type { AssigneeKind, SourceKind, WorkOrderStatus } from './work-orders.schemas.ts';
import type { WorkOrderCategory } from './work-order-rules.ts';

/** Where a caller's orders are: a region prefix on the order's county, or one school's own orders. */
export type WorkOrderScope = SchoolScope;

export type NewWorkOrder = {
  number: string;
  sourceKind: SourceKind;
  sourceId: string | null;
  category: WorkOrderCategory;
  title: string;
  description: string;
  countyCode: string;
  schoolId: string | null;
  coachId: string | null;
  assigneeKind: AssigneeKind;
  dueAt: Date;
  createdBy: string | null;
  createdAt: Date;
};

/** The only file touching the work-order tables; it also reads the sources (logs, complaints, appeals). */
export function createWorkOrdersRepository() {
  const columns = (db: Kysely<DB>) =>
    db
      .selectFrom('workOrders as w')
      .innerJoin('regions as r', 'r.code', 'w.countyCode')
      .leftJoin('schools as s', 's.id', 'w.schoolId')
      .leftJoin('coaches as c', 'c.id', 'w.coachId')
      .select([
        'w.id',
        'w.number',
        'w.sourceKind',
        'w.sourceId',
        'w.category',
        'w.title',
        'w.description',
        'w.countyCode',
        'r.name as countyName',
        'w.schoolId',
        's.name as schoolName',
        'w.coachId',
        'c.name as coachName',
        'w.assigneeKind',
        'w.status',
        'w.dueAt',
        'w.disposalRound',
        'w.reminderSentAt',
        'w.escalatedAt',
        'w.escalatedTo',
        'w.wasOverdue',
        'w.createdAt',
        'w.firstDisposedAt',
        'w.disposedAt',
        'w.closedAt',
        'w.updatedAt',
      ]);
  type Select = ReturnType<typeof columns>;

  const scoped = (q: Select, scope: WorkOrderScope): Select => {
    switch (scope.kind) {
      case 'region':
        return q.where('w.countyCode', 'like', `${scope.prefix}%`);
      case 'school':
        // A school sees the orders it must dispose, never the regulators' own orders about it.
        return q.where('w.schoolId', '=', scope.schoolId).where('w.assigneeKind', '=', 'school');
      case 'none':
        return q.where(sql<boolean>`false`);
    }
  };

  return {
    columns,
    scoped: (db: Kysely<DB>, scope: WorkOrderScope) => scoped(columns(db), scope),

    /** The next number of the county's day; the upsert serialises concurrent creations. */
    async nextSequence(tx: Kysely<DB>, countyCode: string, day: string): Promise<number> {
      const row = await tx
        .insertInto('workOrderSequences')
        .values({ countyCode, day, lastValue: 1 })
        .onConflict((oc) =>
          oc.columns(['countyCode', 'day']).doUpdateSet({
            lastValue: sql<number>`work_order_sequences.last_value + 1`,
          }),
        )
        .returning('lastValue')
        .executeTakeFirstOrThrow();
      return row.lastValue;
    },

    /** Inserts the order; undefined when its source already has one (the unique source key). */
    async insert(tx: Kysely<DB>, row: NewWorkOrder): Promise<string | undefined> {
      const inserted = await tx
        .insertInto('workOrders')
        .values({ ...row, status: 'open', updatedAt: row.createdAt })
        .onConflict((oc) =>
          oc
            .columns(['sourceKind', 'sourceId'])
            .where('sourceKind', 'in', ['anomaly', 'review', 'appeal', 'complaint'])
            .doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      return inserted?.id;
    },

    async idBySource(db: Kysely<DB>, kind: SourceKind, sourceId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('workOrders')
        .select('id')
        .where('sourceKind', '=', kind)
        .where('sourceId', '=', sourceId)
        .executeTakeFirst();
      return row?.id;
    },

    async insertEvent(
      tx: Kysely<DB>,
      e: { workOrderId: string; action: string; actorUserId: string | null; note: string | null; at: Date },
    ): Promise<void> {
      await tx.insertInto('workOrderEvents').values(e).execute();
    },

    async insertNotice(
      tx: Kysely<DB>,
      n: {
        workOrderId: string;
        kind: string;
        schoolId?: string | null;
        regionCode?: string | null;
        at: Date;
      },
    ): Promise<void> {
      await tx
        .insertInto('workOrderNotices')
        .values({
          workOrderId: n.workOrderId,
          kind: n.kind,
          schoolId: n.schoolId ?? null,
          regionCode: n.regionCode ?? null,
          createdAt: n.at,
        })
        .execute();
    },

    /** A conditional status change: 1 when the order was still in one of `from`, else 0 (a race lost). */
    async transition(
      tx: Kysely<DB>,
      id: string,
      from: readonly WorkOrderStatus[],
      set: Updateable<DB['workOrders']>,
    ): Promise<number> {
      const r = await tx
        .updateTable('workOrders')
        .set(set)
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    events: (db: Kysely<DB>, id: string) =>
      db
        .selectFrom('workOrderEvents as e')
        .leftJoin('users as u', 'u.id', 'e.actorUserId')
        .select(['e.action', 'u.displayName as actorName', 'e.note', 'e.at'])
        .where('e.workOrderId', '=', id)
        .orderBy('e.id')
        .execute(),

    evidence: (db: Kysely<DB>, id: string) =>
      db
        .selectFrom('workOrderEvidence as v')
        .innerJoin('users as u', 'u.id', 'v.createdBy')
        .select(['v.id', 'v.round', 'v.body', 'u.displayName as createdByName', 'v.createdAt'])
        .where('v.workOrderId', '=', id)
        .orderBy('v.round')
        .execute(),

    fileList: (db: Kysely<DB>, id: string) =>
      db
        .selectFrom('workOrderFiles')
        .select(['id', 'evidenceId', 'fileName', 'contentType', 'sizeBytes'])
        .where('workOrderId', '=', id)
        .orderBy('position')
        .execute(),

    file: (db: Kysely<DB>, workOrderId: string, fileId: string) =>
      db
        .selectFrom('workOrderFiles')
        .select(['fileName', 'contentType', 'data'])
        .where('workOrderId', '=', workOrderId)
        .where('id', '=', fileId)
        .executeTakeFirst(),

    async hasEvidence(db: Kysely<DB>, id: string, round: number): Promise<boolean> {
      const row = await db
        .selectFrom('workOrderEvidence')
        .select('id')
        .where('workOrderId', '=', id)
        .where('round', '=', round)
        .executeTakeFirst();
      return row !== undefined;
    },

    async insertEvidence(
      tx: Kysely<DB>,
      e: { workOrderId: string; round: number; body: string; createdBy: string; createdAt: Date },
      files: { position: number; fileName: string; contentType: string; sizeBytes: number; data: Buffer }[],
    ): Promise<void> {
      const row = await tx
        .insertInto('workOrderEvidence')
        .values(e)
        .returning('id')
        .executeTakeFirstOrThrow();
      if (files.length > 0) {
        await tx
          .insertInto('workOrderFiles')
          .values(files.map((f) => ({ ...f, evidenceId: row.id, workOrderId: e.workOrderId })))
          .execute();
      }
    },

    coachPointsOf: (db: Kysely<DB>, workOrderId: string) =>
      db
        .selectFrom('coachPoints')
        .select(['points', 'reason'])
        .where('workOrderId', '=', workOrderId)
        .executeTakeFirst(),

    async addCoachPoints(
      tx: Kysely<DB>,
      row: {
        coachId: string;
        points: number;
        workOrderId: string;
        reason: string;
        createdBy: string;
        createdAt: Date;
      },
    ): Promise<boolean> {
      const r = await tx
        .insertInto('coachPoints')
        .values(row)
        .onConflict((oc) => oc.column('workOrderId').doNothing())
        .returning('id')
        .executeTakeFirst();
      return r !== undefined;
    },

    coachPointEntries: (db: Kysely<DB>, coachId: string) =>
      db
        .selectFrom('coachPoints as p')
        .innerJoin('workOrders as w', 'w.id', 'p.workOrderId')
        .select(['p.workOrderId', 'w.number', 'p.points', 'p.reason', 'p.createdAt'])
        .where('p.coachId', '=', coachId)
        .orderBy('p.createdAt', 'desc')
        .execute(),

    // ---- sources and routing ------------------------------------------------------------------------
    school: (db: Kysely<DB>, id: string) =>
      db.selectFrom('schools').select(['id', 'countyCode']).where('id', '=', id).executeTakeFirst(),

    coach: (db: Kysely<DB>, id: string) =>
      db
        .selectFrom('coaches as c')
        .innerJoin('schools as s', 's.id', 'c.schoolId')
        .select(['c.id', 'c.name', 'c.schoolId', 's.name as schoolName', 's.countyCode'])
        .where('c.id', '=', id)
        .executeTakeFirst(),

    region: (db: Kysely<DB>, code: string) =>
      db
        .selectFrom('regions')
        .select(['code', 'level', 'parentCode'])
        .where('code', '=', code)
        .executeTakeFirst(),

    teachingLog: (db: Kysely<DB>, id: string) =>
      db
        .selectFrom('teachingLogs as l')
        .innerJoin('schools as s', 's.id', 'l.schoolId')
        .select(['l.id', 'l.schoolId', 'l.coachId', 's.countyCode'])
        .where('l.id', '=', id)
        .executeTakeFirst(),

    complaint: (db: Kysely<DB>, id: string) =>
      db
        .selectFrom('complaints')
        .select(['id', 'trackingNumber', 'schoolId', 'coachId', 'countyCode', 'status', 'regulatorReply'])
        .where('id', '=', id)
        .executeTakeFirst(),

    appeal: (db: Kysely<DB>, id: string) =>
      db
        .selectFrom('appeals as a')
        .innerJoin('schools as s', 's.id', 'a.schoolId')
        .innerJoin('teachingLogs as l', 'l.id', 'a.teachingLogId')
        .select(['a.id', 'a.schoolId', 'l.coachId', 's.countyCode', 'a.stage', 'a.status'])
        .where('a.id', '=', id)
        .executeTakeFirst(),

    // ---- jobs ---------------------------------------------------------------------------------------
    /**
     * Pending orders whose deadline is within `horizonMs` and that have no reminder for this deadline yet;
     * the caller decides which of them are due (one working day before the deadline).
     */
    dueForReminder: (tx: Kysely<DB>, now: Date, horizonMs: number) =>
      tx
        .selectFrom('workOrders')
        .select(['id', 'schoolId', 'countyCode', 'assigneeKind', 'dueAt'])
        .where('status', 'in', ['open', 'returned', 'reopened'])
        .where('reminderSentAt', 'is', null)
        .where('dueAt', '>', now)
        .where('dueAt', '<=', new Date(now.getTime() + horizonMs))
        .execute(),

    overdueNotEscalated: (tx: Kysely<DB>, now: Date) =>
      tx
        .selectFrom('workOrders')
        .innerJoin('regions as county', 'county.code', 'workOrders.countyCode')
        .leftJoin('regions as city', 'city.code', 'county.parentCode')
        .select([
          'workOrders.id',
          'workOrders.schoolId',
          'workOrders.countyCode',
          'workOrders.assigneeKind',
          'workOrders.dueAt',
          'county.parentCode as cityCode',
          'city.parentCode as provinceCode',
        ])
        .where('workOrders.status', 'in', ['open', 'returned', 'reopened'])
        .where('workOrders.escalatedAt', 'is', null)
        .where('workOrders.dueAt', '<', now)
        .execute(),

    notices: (db: Kysely<DB>, recipient: { schoolId: string } | { regionCode: string }, limit: number) => {
      let q = db
        .selectFrom('workOrderNotices as n')
        .innerJoin('workOrders as w', 'w.id', 'n.workOrderId')
        .select(['n.id', 'n.kind', 'n.workOrderId', 'w.number', 'w.title', 'w.dueAt', 'n.createdAt']);
      q =
        'schoolId' in recipient
          ? q.where('n.schoolId', '=', recipient.schoolId).where('w.assigneeKind', '=', 'school')
          : q.where('n.regionCode', '=', recipient.regionCode);
      return q.orderBy('n.id', 'desc').limit(limit).execute();
    },

    /** The metric counts of a region prefix; see the README for each definition. */
    async metrics(db: Kysely<DB>, prefix: string, start: Date, end: Date, asOf: Date) {
      const pushed = sql<boolean>`created_at >= ${start} AND created_at < ${end}`;
      const due = sql<boolean>`due_at >= ${start} AND due_at < ${end}`;
      return db
        .selectFrom('workOrders')
        .select([
          sql<number>`count(*) FILTER (WHERE ${pushed})::int`.as('pushed'),
          sql<number>`count(*) FILTER (WHERE ${pushed} AND first_disposed_at <= ${asOf})::int`.as('disposed'),
          sql<number>`count(*) FILTER (WHERE ${pushed} AND (was_overdue OR (status IN ('open', 'returned', 'reopened') AND due_at < ${asOf})))::int`.as(
            'overdue',
          ),
          sql<number>`count(*) FILTER (WHERE ${due})::int`.as('dueInPeriod'),
          sql<number>`count(*) FILTER (WHERE ${due} AND status = 'closed')::int`.as('closedOfDue'),
        ])
        .where('countyCode', 'like', `${prefix}%`)
        .executeTakeFirstOrThrow();
    },
  };
}
export type WorkOrdersRepository = ReturnType<typeof createWorkOrdersRepository>;
