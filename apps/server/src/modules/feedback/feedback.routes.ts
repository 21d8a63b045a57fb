import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import type { ComplaintsService } from './complaints.service.ts';
import type { EvaluationsService } from './evaluations.service.ts';
import {
  AttachmentParamsSchema,
  ComplaintListSchema,
  ComplaintLookupSchema,
  ComplaintPageSchema,
  ComplaintRateSchema,
  ComplaintResultSchema,
  ComplaintSchema,
  ComplaintsQuerySchema,
  ComplaintStatsSchema,
  CreateEvaluationSchema,
  EvaluationPageSchema,
  EvaluationResultSchema,
  EvaluationSchema,
  IdParamsSchema,
  InvitationListSchema,
  ModerateEvaluationSchema,
  PublicComplaintSchema,
  PublicEvaluationPageSchema,
  PublicEvaluationsQuerySchema,
  PublicSatisfactionSchema,
  RatingSummarySchema,
  RegulatorEvaluationsQuerySchema,
  RegulatorReplySchema,
  ReplySchema,
  SatisfactionSchema,
  SchoolParamsSchema,
  TraineeComplaintSchema,
} from './feedback.schemas.ts';

const auth = (permission: Permission) => ({ auth: { permission } });
const publicRoute = { auth: { public: true as const } };
// Three images of up to 300 KB travel as base64 (4/3 larger) inside JSON.
const COMPLAINT_BODY_LIMIT = 1_400_000;

export function feedbackRoutes(evaluations: EvaluationsService, complaints: ComplaintsService) {
  return async (app: Api) => {
    // ---- public ----------------------------------------------------------------------------------
    app.get(
      '/api/public/schools/:schoolId/evaluations',
      {
        config: publicRoute,
        schema: {
          tags: ['public'],
          params: SchoolParamsSchema,
          querystring: PublicEvaluationsQuerySchema,
          response: { 200: PublicEvaluationPageSchema },
        },
      },
      async (request) => evaluations.publicEvaluations(request.params.schoolId, request.query),
    );
    app.get(
      '/api/public/schools/:schoolId/rating',
      {
        config: publicRoute,
        schema: { tags: ['public'], params: SchoolParamsSchema, response: { 200: RatingSummarySchema } },
      },
      async (request) => evaluations.publicRating(request.params.schoolId),
    );
    app.get(
      '/api/public/schools/:schoolId/complaint-rate',
      {
        config: publicRoute,
        schema: { tags: ['public'], params: SchoolParamsSchema, response: { 200: ComplaintRateSchema } },
      },
      async (request) => complaints.publicComplaintRate(request.params.schoolId),
    );
    app.post(
      '/api/public/complaints',
      {
        config: publicRoute,
        bodyLimit: COMPLAINT_BODY_LIMIT,
        schema: {
          tags: ['public'],
          description:
            'A visitor files real-name (name and mobile phone); keep the tracking number to look it up.',
          body: PublicComplaintSchema,
          response: { 200: ComplaintResultSchema, 201: ComplaintResultSchema },
        },
      },
      async (request, reply) => {
        const result = await complaints.fileAnonymously(request.body);
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
    app.post(
      '/api/public/complaints/lookup',
      {
        config: publicRoute,
        schema: { tags: ['public'], body: ComplaintLookupSchema, response: { 200: ComplaintSchema } },
      },
      async (request) => complaints.lookup(request.body),
    );
    app.post(
      '/api/public/complaints/satisfaction',
      {
        config: publicRoute,
        schema: { tags: ['public'], body: PublicSatisfactionSchema, response: { 200: ComplaintSchema } },
      },
      async (request) => complaints.rateByPhone(request.body),
    );

    // ---- the trainee -----------------------------------------------------------------------------
    const traineeTags = ['trainee'];
    app.get(
      '/api/me/evaluation-invitations',
      {
        config: auth(Permission.traineeFeedbackWrite),
        schema: { tags: traineeTags, response: { 200: InvitationListSchema } },
      },
      async (request) => evaluations.myInvitations(actorOf(request)),
    );
    app.post(
      '/api/me/evaluations',
      {
        config: auth(Permission.traineeFeedbackWrite),
        schema: {
          tags: traineeTags,
          body: CreateEvaluationSchema,
          response: { 200: EvaluationResultSchema, 201: EvaluationResultSchema },
        },
      },
      async (request, reply) => {
        const result = await evaluations.evaluate(actorOf(request), request.body);
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
    app.get(
      '/api/me/complaints',
      {
        config: auth(Permission.traineeFeedbackWrite),
        schema: { tags: traineeTags, response: { 200: ComplaintListSchema } },
      },
      async (request) => complaints.myComplaints(actorOf(request)),
    );
    app.post(
      '/api/me/complaints',
      {
        config: auth(Permission.traineeFeedbackWrite),
        bodyLimit: COMPLAINT_BODY_LIMIT,
        schema: {
          tags: traineeTags,
          body: TraineeComplaintSchema,
          response: { 200: ComplaintResultSchema, 201: ComplaintResultSchema },
        },
      },
      async (request, reply) => {
        const result = await complaints.fileAsTrainee(actorOf(request), request.body);
        return reply.code(result.created ? 201 : 200).send(result);
      },
    );
    app.post(
      '/api/me/complaints/:id/satisfaction',
      {
        config: auth(Permission.traineeFeedbackWrite),
        schema: {
          tags: traineeTags,
          params: IdParamsSchema,
          body: SatisfactionSchema,
          response: { 200: ComplaintSchema },
        },
      },
      async (request) =>
        complaints.rateAsTrainee(actorOf(request), request.params.id, request.body.satisfied),
    );

    // ---- the school's inbox ----------------------------------------------------------------------
    const schoolTags = ['school'];
    app.get(
      '/api/school/complaints',
      {
        config: auth(Permission.schoolComplaintsRead),
        schema: {
          tags: schoolTags,
          querystring: ComplaintsQuerySchema,
          response: { 200: ComplaintPageSchema },
        },
      },
      async (request) => complaints.schoolInbox(actorOf(request), request.query),
    );
    app.get(
      '/api/school/complaints/:id',
      {
        config: auth(Permission.schoolComplaintsRead),
        schema: { tags: schoolTags, params: IdParamsSchema, response: { 200: ComplaintSchema } },
      },
      async (request) => complaints.schoolComplaint(actorOf(request), request.params.id),
    );
    app.get(
      '/api/school/complaints/:id/attachments/:attachmentId',
      {
        config: auth(Permission.schoolComplaintsRead),
        schema: { tags: schoolTags, params: AttachmentParamsSchema },
      },
      async (request, reply) => {
        const a = await complaints.schoolAttachment(
          actorOf(request),
          request.params.id,
          request.params.attachmentId,
        );
        return reply.type(a.contentType).header('cache-control', 'private, max-age=3600').send(a.data);
      },
    );
    app.post(
      '/api/school/complaints/:id/reply',
      {
        config: auth(Permission.schoolComplaintsReply),
        schema: {
          tags: schoolTags,
          params: IdParamsSchema,
          body: ReplySchema,
          response: { 200: ComplaintSchema },
        },
      },
      async (request) => complaints.schoolReply(actorOf(request), request.params.id, request.body.text),
    );

    // ---- the regulator ---------------------------------------------------------------------------
    const regulatorTags = ['regulator'];
    app.get(
      '/api/regulator/complaints',
      {
        config: auth(Permission.regulatorComplaintsRead),
        schema: {
          tags: regulatorTags,
          querystring: ComplaintsQuerySchema,
          response: { 200: ComplaintPageSchema },
        },
      },
      async (request) => complaints.regulatorComplaints(actorOf(request), request.query),
    );
    app.get(
      '/api/regulator/complaints/stats',
      {
        config: auth(Permission.regulatorComplaintsRead),
        schema: { tags: regulatorTags, response: { 200: ComplaintStatsSchema } },
      },
      async (request) => complaints.regulatorStats(actorOf(request)),
    );
    app.get(
      '/api/regulator/complaints/:id',
      {
        config: auth(Permission.regulatorComplaintsRead),
        schema: { tags: regulatorTags, params: IdParamsSchema, response: { 200: ComplaintSchema } },
      },
      async (request) => complaints.regulatorComplaint(actorOf(request), request.params.id),
    );
    app.get(
      '/api/regulator/complaints/:id/attachments/:attachmentId',
      {
        config: auth(Permission.regulatorComplaintsRead),
        schema: { tags: regulatorTags, params: AttachmentParamsSchema },
      },
      async (request, reply) => {
        const a = await complaints.regulatorAttachment(
          actorOf(request),
          request.params.id,
          request.params.attachmentId,
        );
        return reply.type(a.contentType).header('cache-control', 'private, max-age=3600').send(a.data);
      },
    );
    app.post(
      '/api/regulator/complaints/:id/reply',
      {
        config: auth(Permission.regulatorComplaintsHandle),
        schema: {
          tags: regulatorTags,
          params: IdParamsSchema,
          body: RegulatorReplySchema,
          response: { 200: ComplaintSchema },
        },
      },
      async (request) => complaints.regulatorReply(actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/api/regulator/evaluations',
      {
        config: auth(Permission.regulatorEvaluationsModerate),
        schema: {
          tags: regulatorTags,
          querystring: RegulatorEvaluationsQuerySchema,
          response: { 200: EvaluationPageSchema },
        },
      },
      async (request) => evaluations.regulatorEvaluations(actorOf(request), request.query),
    );
    app.post(
      '/api/regulator/evaluations/:id/moderation',
      {
        config: auth(Permission.regulatorEvaluationsModerate),
        schema: {
          tags: regulatorTags,
          params: IdParamsSchema,
          body: ModerateEvaluationSchema,
          response: { 200: EvaluationSchema },
        },
      },
      async (request) => evaluations.moderate(actorOf(request), request.params.id, request.body),
    );
  };
}
