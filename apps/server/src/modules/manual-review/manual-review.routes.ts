import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  CityParamsSchema,
  DeclareTieSchema,
  DecideSchema,
  EndTieSchema,
  QueuePageSchema,
  QueueQuerySchema,
  ReopenSchema,
  ReviewParamsSchema,
  ReviewPhotoParamsSchema,
  SamplingSchema,
  SetSamplingSchema,
  TiesSchema,
  WorkspaceSchema,
} from './manual-review.schemas.ts';
import type { ManualReviewService } from './manual-review.service.ts';

const auth = (permission: Permission) => ({ auth: { permission } });
const tags = ['manual-review'];

/** 人工审核: the region's queue and workspace, decisions and reopening, sampling ratios, ties (回避). */
export function manualReviewRoutes(reviews: ManualReviewService) {
  return async (app: Api) => {
    app.get(
      '/api/regulator/reviews',
      {
        config: auth(Permission.regulatorReviewWrite),
        schema: { tags, querystring: QueueQuerySchema, response: { 200: QueuePageSchema } },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return reviews.queue(actorOf(request), filter, { page, pageSize });
      },
    );
    app.get(
      '/api/regulator/reviews/:id',
      {
        config: auth(Permission.regulatorReviewWrite),
        schema: { tags, params: ReviewParamsSchema, response: { 200: WorkspaceSchema } },
      },
      async (request) => reviews.workspace(actorOf(request), request.params.id),
    );
    app.post(
      '/api/regulator/reviews/:id/decision',
      {
        config: auth(Permission.regulatorReviewWrite),
        schema: { tags, params: ReviewParamsSchema, body: DecideSchema, response: { 200: WorkspaceSchema } },
      },
      async (request) => reviews.decide(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/api/regulator/reviews/:id/reopen',
      {
        config: auth(Permission.regulatorReviewWrite),
        schema: { tags, params: ReviewParamsSchema, body: ReopenSchema, response: { 200: WorkspaceSchema } },
      },
      async (request) => reviews.reopen(actorOf(request), request.params.id, request.body),
    );
    // Photo bytes only through a review the caller may open (region, no tie); never cached publicly.
    app.get(
      '/api/regulator/reviews/:id/trainee-photo',
      { config: auth(Permission.regulatorReviewWrite), schema: { tags, params: ReviewParamsSchema } },
      async (request, reply) => {
        const photo = await reviews.registeredPhoto(actorOf(request), request.params.id);
        return reply
          .type(photo.contentType)
          .header('cache-control', 'private, max-age=3600')
          .send(photo.data);
      },
    );
    app.get(
      '/api/regulator/reviews/:id/photos/:photoId',
      { config: auth(Permission.regulatorReviewWrite), schema: { tags, params: ReviewPhotoParamsSchema } },
      async (request, reply) => {
        const photo = await reviews.sessionPhoto(actorOf(request), request.params.id, request.params.photoId);
        return reply
          .type(photo.contentType)
          .header('cache-control', 'private, max-age=3600')
          .send(photo.data);
      },
    );

    app.get(
      '/api/regulator/review-sampling',
      {
        config: auth(Permission.regulatorReviewWrite),
        schema: { tags, response: { 200: SamplingSchema } },
      },
      async (request) => reviews.samplingSettings(actorOf(request)),
    );
    app.put(
      '/api/regulator/review-sampling/:cityCode',
      {
        config: auth(Permission.regulatorReviewSettings),
        schema: {
          tags,
          params: CityParamsSchema,
          body: SetSamplingSchema,
          response: { 200: SamplingSchema },
        },
      },
      async (request) => reviews.setSamplingPercent(actorOf(request), request.params.cityCode, request.body),
    );

    app.get(
      '/api/regulator/review-ties',
      { config: auth(Permission.regulatorReviewWrite), schema: { tags, response: { 200: TiesSchema } } },
      async (request) => reviews.listTies(actorOf(request)),
    );
    app.post(
      '/api/regulator/review-ties',
      {
        config: auth(Permission.regulatorReviewWrite),
        schema: { tags, body: DeclareTieSchema, response: { 201: TiesSchema } },
      },
      async (request, reply) =>
        reply.code(201).send(await reviews.declareTie(actorOf(request), request.body)),
    );
    app.post(
      '/api/regulator/review-ties/:id/end',
      {
        config: auth(Permission.regulatorReviewSettings),
        schema: { tags, params: ReviewParamsSchema, body: EndTieSchema, response: { 200: TiesSchema } },
      },
      async (request) => reviews.endTie(actorOf(request), request.params.id, request.body),
    );
  };
}
