import type { FastifyReply } from 'fastify';
import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import type { WorkOrdersService } from './work-orders.service.ts';
import {
  CloseSchema,
  CoachParamsSchema,
  CoachPointsSchema,
  CreateWorkOrderSchema,
  DisposeSchema,
  FileParamsSchema,
  IdParamsSchema,
  MetricsQuerySchema,
  MetricsSchema,
  NoticeListSchema,
  ReasonSchema,
  WorkOrderDetailSchema,
  WorkOrderPageSchema,
  WorkOrderResultSchema,
  WorkOrdersQuerySchema,
} from './work-orders.schemas.ts';

const regulator = { auth: { permission: Permission.regulatorWorkOrdersHandle } };
const school = { auth: { permission: Permission.schoolWorkOrdersHandle } };
// Five evidence files of up to 1 MB travel as base64 (4/3 larger) inside JSON.
const DISPOSE_BODY_LIMIT = 7_200_000;

/** Evidence files are sent back as downloads, never rendered inline from our origin (a PDF could script). */
function sendFile(reply: FastifyReply, f: { fileName: string; contentType: string; data: Buffer }) {
  const inline = f.contentType.startsWith('image/');
  return reply
    .type(f.contentType)
    .header('cache-control', 'private, max-age=3600')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
    )
    .send(f.data);
}

export function workOrdersRoutes(workOrders: WorkOrdersService) {
  return async (app: Api) => {
    // ---- the regulator ---------------------------------------------------------------------------
    const regulatorTags = ['regulator'];
    app.get(
      '/api/regulator/work-orders',
      {
        config: regulator,
        schema: {
          tags: regulatorTags,
          querystring: WorkOrdersQuerySchema,
          response: { 200: WorkOrderPageSchema },
        },
      },
      async (request) => workOrders.regulatorList(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/work-orders/metrics',
      {
        config: regulator,
        schema: {
          tags: regulatorTags,
          description:
            'pushed = created in the period; disposed = of those, disposed at least once by now; disposalRate = disposed ÷ pushed (%); overdue = of those pushed, past a deadline at least once; cleared = every order due in the period is closed.',
          querystring: MetricsQuerySchema,
          response: { 200: MetricsSchema },
        },
      },
      async (request) => workOrders.metrics(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/work-orders/notices',
      { config: regulator, schema: { tags: regulatorTags, response: { 200: NoticeListSchema } } },
      async (request) => workOrders.regulatorNotices(actorOf(request)),
    );
    app.post(
      '/api/regulator/work-orders',
      {
        config: regulator,
        schema: {
          tags: regulatorTags,
          description:
            'Create by hand: from an anomaly (teaching log), an escalated complaint or appeal (转工单), an inspection, or free. A source that has an order already answers 200 with it.',
          body: CreateWorkOrderSchema,
          response: { 200: WorkOrderResultSchema, 201: WorkOrderResultSchema },
        },
      },
      async (request, reply) => {
        const result = await workOrders.createWorkOrder(actorOf(request), request.body);
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
    app.get(
      '/api/regulator/work-orders/:id',
      {
        config: regulator,
        schema: { tags: regulatorTags, params: IdParamsSchema, response: { 200: WorkOrderDetailSchema } },
      },
      async (request) => workOrders.regulatorDetail(actorOf(request), request.params.id),
    );
    app.get(
      '/api/regulator/work-orders/:id/files/:fileId',
      { config: regulator, schema: { tags: regulatorTags, params: FileParamsSchema } },
      async (request, reply) =>
        sendFile(
          reply,
          await workOrders.regulatorFile(actorOf(request), request.params.id, request.params.fileId),
        ),
    );
    app.post(
      '/api/regulator/work-orders/:id/dispose',
      {
        config: regulator,
        bodyLimit: DISPOSE_BODY_LIMIT,
        schema: {
          tags: regulatorTags,
          description: 'A county (or city) regulator disposes an order assigned to its own level.',
          params: IdParamsSchema,
          body: DisposeSchema,
          response: { 200: WorkOrderDetailSchema },
        },
      },
      async (request) => workOrders.regulatorDispose(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/api/regulator/work-orders/:id/close',
      {
        config: regulator,
        schema: {
          tags: regulatorTags,
          description:
            'Verify the disposal evidence and close; refused (workorders.evidence_missing) without it.',
          params: IdParamsSchema,
          body: CloseSchema,
          response: { 200: WorkOrderDetailSchema },
        },
      },
      async (request) => workOrders.close(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/api/regulator/work-orders/:id/return',
      {
        config: regulator,
        schema: {
          tags: regulatorTags,
          params: IdParamsSchema,
          body: ReasonSchema,
          response: { 200: WorkOrderDetailSchema },
        },
      },
      async (request) =>
        workOrders.returnToAssignee(actorOf(request), request.params.id, request.body.reason),
    );
    app.post(
      '/api/regulator/work-orders/:id/reopen',
      {
        config: regulator,
        schema: {
          tags: regulatorTags,
          params: IdParamsSchema,
          body: ReasonSchema,
          response: { 200: WorkOrderDetailSchema },
        },
      },
      async (request) => workOrders.reopen(actorOf(request), request.params.id, request.body.reason),
    );
    app.get(
      '/api/regulator/coaches/:coachId/points',
      {
        config: regulator,
        schema: { tags: regulatorTags, params: CoachParamsSchema, response: { 200: CoachPointsSchema } },
      },
      async (request) => workOrders.coachPoints(actorOf(request), request.params.coachId),
    );

    // ---- the school ------------------------------------------------------------------------------
    const schoolTags = ['school'];
    app.get(
      '/api/school/work-orders',
      {
        config: school,
        schema: {
          tags: schoolTags,
          querystring: WorkOrdersQuerySchema,
          response: { 200: WorkOrderPageSchema },
        },
      },
      async (request) => workOrders.schoolList(actorOf(request), request.query),
    );
    app.get(
      '/api/school/work-orders/notices',
      { config: school, schema: { tags: schoolTags, response: { 200: NoticeListSchema } } },
      async (request) => workOrders.schoolNotices(actorOf(request)),
    );
    app.get(
      '/api/school/work-orders/:id',
      {
        config: school,
        schema: { tags: schoolTags, params: IdParamsSchema, response: { 200: WorkOrderDetailSchema } },
      },
      async (request) => workOrders.schoolDetail(actorOf(request), request.params.id),
    );
    app.get(
      '/api/school/work-orders/:id/files/:fileId',
      { config: school, schema: { tags: schoolTags, params: FileParamsSchema } },
      async (request, reply) =>
        sendFile(
          reply,
          await workOrders.schoolFile(actorOf(request), request.params.id, request.params.fileId),
        ),
    );
    app.post(
      '/api/school/work-orders/:id/dispose',
      {
        config: school,
        bodyLimit: DISPOSE_BODY_LIMIT,
        schema: {
          tags: schoolTags,
          description: 'Dispose with evidence: a text and up to 5 JPEG/PNG/PDF files of at most 1 MB each.',
          params: IdParamsSchema,
          body: DisposeSchema,
          response: { 200: WorkOrderDetailSchema },
        },
      },
      async (request) => workOrders.schoolDispose(actorOf(request), request.params.id, request.body),
    );
  };
}
