import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import type { KeySupervisionService } from './key-supervision.service.ts';
import type { SupervisionActionsService } from './supervision-actions.service.ts';
import {
  ActionListSchema,
  ActionQuerySchema,
  CreateActionSchema,
  CreateEntrySchema,
  EntryListSchema,
  EntryParamsSchema,
  EntryQuerySchema,
  EntrySchema,
  LiftEntrySchema,
  NoticeListSchema,
  NoticeParamsSchema,
  NoticeSchema,
  PublishNoticeSchema,
  RecordedActionSchema,
} from './supervision.schemas.ts';

const needs = (permission: Permission) => ({ auth: { permission } });
const PUBLIC = { auth: { public: true } } as const;

export function supervisionRoutes(keySupervision: KeySupervisionService, actions: SupervisionActionsService) {
  return async (app: Api) => {
    // 重点监管: any regulator reads the region's list; city and province regulators list, lift, publish.
    app.get(
      '/api/regulator/key-supervisions',
      {
        config: needs(Permission.regulatorSchoolsRead),
        schema: { tags: ['regulator'], querystring: EntryQuerySchema, response: { 200: EntryListSchema } },
      },
      async (request) => keySupervision.list(actorOf(request), request.query),
    );
    app.post(
      '/api/regulator/key-supervisions',
      {
        config: needs(Permission.regulatorSupervisionWrite),
        schema: {
          tags: ['regulator'],
          description:
            'List a school or a coach under key supervision with reason, sanction and period. Audited.',
          body: CreateEntrySchema,
          response: { 200: EntrySchema },
        },
      },
      async (request) => keySupervision.create(actorOf(request), request.body),
    );
    app.post(
      '/api/regulator/key-supervisions/:id/lift',
      {
        config: needs(Permission.regulatorSupervisionWrite),
        schema: {
          tags: ['regulator'],
          description: 'Remove an entry after review, with the review note. The entry is kept. Audited.',
          params: EntryParamsSchema,
          body: LiftEntrySchema,
          response: { 200: EntrySchema },
        },
      },
      async (request) => keySupervision.lift(actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/api/regulator/key-supervision-notices',
      {
        config: needs(Permission.regulatorSchoolsRead),
        schema: { tags: ['regulator'], response: { 200: NoticeListSchema } },
      },
      async (request) => keySupervision.regionNotices(actorOf(request)),
    );
    app.post(
      '/api/regulator/key-supervision-notices',
      {
        config: needs(Permission.regulatorSupervisionWrite),
        schema: {
          tags: ['regulator'],
          description: "Publish a city's monthly key-supervision notice (once per month). Audited.",
          body: PublishNoticeSchema,
          response: { 200: NoticeSchema },
        },
      },
      async (request) => keySupervision.publishNotice(actorOf(request), request.body),
    );
    app.get(
      '/api/public/key-supervision-notices',
      { config: PUBLIC, schema: { tags: ['public'], response: { 200: NoticeListSchema } } },
      async () => keySupervision.publicNotices(),
    );
    app.get(
      '/api/public/key-supervision-notices/:cityCode/:month',
      {
        config: PUBLIC,
        schema: { tags: ['public'], params: NoticeParamsSchema, response: { 200: NoticeSchema } },
      },
      async (request) => keySupervision.publicNotice(request.params.cityCode, request.params.month),
    );

    // 监管行动: qualification checks, rectification orders, interviews, enforcement and penalties.
    app.get(
      '/api/regulator/supervision-actions',
      {
        config: needs(Permission.regulatorActionsWrite),
        schema: { tags: ['regulator'], querystring: ActionQuerySchema, response: { 200: ActionListSchema } },
      },
      async (request) => actions.list(actorOf(request), request.query),
    );
    app.post(
      '/api/regulator/supervision-actions',
      {
        config: needs(Permission.regulatorActionsWrite),
        schema: {
          tags: ['regulator'],
          description: 'Record a supervision action of the region (append-only). Audited.',
          body: CreateActionSchema,
          response: { 200: RecordedActionSchema },
        },
      },
      async (request) => actions.record(actorOf(request), request.body),
    );
  };
}
