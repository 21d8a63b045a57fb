import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  AppealPageSchema,
  AppealQuerySchema,
  AppealSchema,
  CreateAppealSchema,
  IdParamsSchema,
  LedgerSchema,
  LogDetailSchema,
  LogPageSchema,
  LogParamsSchema,
  LogQuerySchema,
  PhotoParamsSchema,
  RegulatorAppealReplySchema,
  RejectStageSchema,
  ReviewMinutesSchema,
  SchoolAppealReplySchema,
  StageCandidatePageSchema,
  SubmissionDetailSchema,
  SubmissionPageSchema,
  SubmissionQuerySchema,
  SubmitStageSchema,
} from './training-review.schemas.ts';
import type { TrainingReviewService } from './training-review.service.ts';
import { PageQuerySchema } from '../../shared/paging.ts';

const auth = (permission: Permission) => ({ auth: { permission } });
const tags = ['training-review'];

export function trainingReviewRoutes(review: TrainingReviewService) {
  return async (app: Api) => {
    // ---- trainee: 我的学时 ----------------------------------------------------------------------
    app.get(
      '/api/me/training-logs',
      { config: auth(Permission.traineeHoursRead), schema: { tags, response: { 200: LedgerSchema } } },
      async (request) => review.myLedger(actorOf(request)),
    );
    app.get(
      '/api/me/training-logs/:logId',
      {
        config: auth(Permission.traineeHoursRead),
        schema: { tags, params: LogParamsSchema, response: { 200: LogDetailSchema } },
      },
      async (request) => review.logDetail(actorOf(request), request.params.logId),
    );
    app.get(
      '/api/me/photos/:photoId',
      { config: auth(Permission.traineeHoursRead), schema: { tags, params: PhotoParamsSchema } },
      async (request, reply) => {
        const data = await review.ownPhoto(actorOf(request), request.params.photoId);
        return reply.type('image/jpeg').header('cache-control', 'private, max-age=3600').send(data);
      },
    );
    app.post(
      '/api/me/training-logs/:logId/appeals',
      {
        config: auth(Permission.traineeAppealWrite),
        schema: {
          tags,
          params: LogParamsSchema,
          body: CreateAppealSchema,
          response: { 200: AppealSchema, 201: AppealSchema },
        },
      },
      async (request, reply) => {
        const result = await review.appeal(actorOf(request), request.params.logId, request.body);
        // A retried POST with the same key is the same appeal: 200 with it, not a second one.
        return reply.code(result.created ? 201 : 200).send(result.appeal);
      },
    );

    // ---- school: 初审, appeals, 阶段报审 ----------------------------------------------------------
    app.get(
      '/api/school/training-logs',
      {
        config: auth(Permission.schoolTrainingRead),
        schema: { tags, querystring: LogQuerySchema, response: { 200: LogPageSchema } },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return review.findLogs(actorOf(request), filter, { page, pageSize });
      },
    );
    app.get(
      '/api/school/training-logs/:logId',
      {
        config: auth(Permission.schoolTrainingRead),
        schema: { tags, params: LogParamsSchema, response: { 200: LogDetailSchema } },
      },
      async (request) => review.logDetail(actorOf(request), request.params.logId),
    );
    app.post(
      '/api/school/training-logs/:logId/review',
      {
        config: auth(Permission.schoolTrainingReview),
        schema: {
          tags,
          params: LogParamsSchema,
          body: ReviewMinutesSchema,
          response: { 200: LogDetailSchema },
        },
      },
      async (request) => review.reviewMinutes(actorOf(request), request.params.logId, request.body),
    );
    app.get(
      '/api/school/appeals',
      {
        config: auth(Permission.schoolTrainingRead),
        schema: { tags, querystring: AppealQuerySchema, response: { 200: AppealPageSchema } },
      },
      async (request) => {
        const { page, pageSize, status } = request.query;
        return review.listAppeals(actorOf(request), status ? { status } : {}, { page, pageSize });
      },
    );
    app.post(
      '/api/school/appeals/:id/reply',
      {
        config: auth(Permission.schoolTrainingReview),
        schema: {
          tags,
          params: IdParamsSchema,
          body: SchoolAppealReplySchema,
          response: { 200: AppealSchema },
        },
      },
      async (request) => review.answerSchoolAppeal(actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/api/school/stage-candidates',
      {
        config: auth(Permission.schoolTrainingRead),
        schema: { tags, querystring: PageQuerySchema, response: { 200: StageCandidatePageSchema } },
      },
      async (request) => review.stageCandidates(actorOf(request), request.query),
    );
    app.get(
      '/api/school/stage-submissions',
      {
        config: auth(Permission.schoolTrainingRead),
        schema: { tags, querystring: SubmissionQuerySchema, response: { 200: SubmissionPageSchema } },
      },
      async (request) => {
        const { page, pageSize, status } = request.query;
        return review.listSubmissions(actorOf(request), status ? { status } : {}, { page, pageSize });
      },
    );
    app.post(
      '/api/school/stage-submissions',
      {
        config: auth(Permission.schoolStageSubmit),
        schema: { tags, body: SubmitStageSchema, response: { 201: SubmissionDetailSchema } },
      },
      async (request, reply) =>
        reply.code(201).send(await review.submitStage(actorOf(request), request.body)),
    );
    app.get(
      '/api/school/stage-submissions/:id',
      {
        config: auth(Permission.schoolTrainingRead),
        schema: { tags, params: IdParamsSchema, response: { 200: SubmissionDetailSchema } },
      },
      async (request) => review.stageDetail(actorOf(request), request.params.id),
    );
    app.get(
      '/api/school/stage-submissions/:id/pdf',
      { config: auth(Permission.schoolTrainingRead), schema: { tags, params: IdParamsSchema } },
      async (request, reply) => {
        const { fileName, pdf } = await review.stagePdf(actorOf(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .send(pdf);
      },
    );

    // ---- regulator: 复审 and escalated appeals ---------------------------------------------------
    app.get(
      '/api/regulator/stage-submissions',
      {
        config: auth(Permission.regulatorTrainingRead),
        schema: { tags, querystring: SubmissionQuerySchema, response: { 200: SubmissionPageSchema } },
      },
      async (request) => {
        const { page, pageSize, status } = request.query;
        return review.listSubmissions(actorOf(request), status ? { status } : {}, { page, pageSize });
      },
    );
    app.get(
      '/api/regulator/stage-submissions/:id',
      {
        config: auth(Permission.regulatorTrainingRead),
        schema: { tags, params: IdParamsSchema, response: { 200: SubmissionDetailSchema } },
      },
      async (request) => review.stageDetail(actorOf(request), request.params.id),
    );
    app.get(
      '/api/regulator/stage-submissions/:id/pdf',
      { config: auth(Permission.regulatorTrainingRead), schema: { tags, params: IdParamsSchema } },
      async (request, reply) => {
        const { fileName, pdf } = await review.stagePdf(actorOf(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .send(pdf);
      },
    );
    app.post(
      '/api/regulator/stage-submissions/:id/approve',
      {
        config: auth(Permission.regulatorStageReview),
        schema: { tags, params: IdParamsSchema, response: { 200: SubmissionDetailSchema } },
      },
      async (request) => review.approveStage(actorOf(request), request.params.id),
    );
    app.post(
      '/api/regulator/stage-submissions/:id/reject',
      {
        config: auth(Permission.regulatorStageReview),
        schema: {
          tags,
          params: IdParamsSchema,
          body: RejectStageSchema,
          response: { 200: SubmissionDetailSchema },
        },
      },
      async (request) => review.rejectStage(actorOf(request), request.params.id, request.body),
    );
    // A log of the regulator's region with its minutes, so an escalated appeal can name the minutes it
    // restores (logScopeOf limits a regulator to schools under its region code).
    app.get(
      '/api/regulator/training-logs/:logId',
      {
        config: auth(Permission.regulatorTrainingRead),
        schema: { tags, params: LogParamsSchema, response: { 200: LogDetailSchema } },
      },
      async (request) => review.logDetail(actorOf(request), request.params.logId),
    );
    app.get(
      '/api/regulator/appeals',
      {
        config: auth(Permission.regulatorTrainingRead),
        schema: { tags, querystring: AppealQuerySchema, response: { 200: AppealPageSchema } },
      },
      async (request) => {
        const { page, pageSize, status } = request.query;
        return review.listAppeals(
          actorOf(request),
          { ...(status ? { status } : {}), stage: 'regulator' },
          { page, pageSize },
        );
      },
    );
    app.post(
      '/api/regulator/appeals/:id/reply',
      {
        config: auth(Permission.regulatorStageReview),
        schema: {
          tags,
          params: IdParamsSchema,
          body: RegulatorAppealReplySchema,
          response: { 200: AppealSchema },
        },
      },
      async (request) => review.answerRegulatorAppeal(actorOf(request), request.params.id, request.body),
    );
  };
}
