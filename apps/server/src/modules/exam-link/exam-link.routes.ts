import { integrationClientOf, actorOf, type Api } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  EligibilityFeedQuerySchema,
  EligibilityFeedSchema,
  EligibilityLookupResultSchema,
  EligibilityLookupSchema,
  ExamBookingSchema,
  ExamRecordReceiptSchema,
  ExamResultSchema,
  PassRateQuerySchema,
  PassRatesSchema,
  PublicPassRatesSchema,
  SchoolParamsSchema,
} from './exam-link.schemas.ts';
import type { ExamLinkService } from './exam-link.service.ts';

/** Signed requests of the police side's integration client (see integration-auth.ts for the scheme). */
const police = { auth: { integration: 'police' as const } };

export function examLinkRoutes(examLink: ExamLinkService) {
  return async (app: Api) => {
    app.post(
      '/api/exam-link/eligibility/lookup',
      {
        config: police,
        schema: {
          tags: ['exam-link'],
          summary: 'Exam eligibility per part by identity number and name (police integration client)',
          body: EligibilityLookupSchema,
          response: { 200: EligibilityLookupResultSchema },
        },
      },
      async (request) => examLink.lookupEligibility(integrationClientOf(request), request.body),
    );

    app.get(
      '/api/exam-link/eligibility',
      {
        config: police,
        schema: {
          tags: ['exam-link'],
          summary: 'Trainees newly eligible for an exam since a cursor (police integration client)',
          querystring: EligibilityFeedQuerySchema,
          response: { 200: EligibilityFeedSchema },
        },
      },
      async (request) => examLink.eligibilityFeed(integrationClientOf(request), request.query),
    );

    app.post(
      '/api/exam-link/bookings',
      {
        config: police,
        schema: {
          tags: ['exam-link'],
          summary: 'An exam booking; a resend with the same externalId is answered 200, duplicate: true',
          body: ExamBookingSchema,
          response: { 200: ExamRecordReceiptSchema, 201: ExamRecordReceiptSchema },
        },
      },
      async (request, reply) => {
        const receipt = await examLink.postBooking(integrationClientOf(request), request.body);
        return reply.status(receipt.duplicate ? 200 : 201).send(receipt);
      },
    );

    app.post(
      '/api/exam-link/results',
      {
        config: police,
        schema: {
          tags: ['exam-link'],
          summary: 'An exam result; a resend with the same externalId is answered 200, duplicate: true',
          body: ExamResultSchema,
          response: { 200: ExamRecordReceiptSchema, 201: ExamRecordReceiptSchema },
        },
      },
      async (request, reply) => {
        const receipt = await examLink.postResult(integrationClientOf(request), request.body);
        return reply.status(receipt.duplicate ? 200 : 201).send(receipt);
      },
    );

    app.get(
      '/api/exam-link/pass-rates',
      {
        config: { auth: { permission: Permission.examStatsRead } },
        schema: {
          tags: ['exam-link'],
          summary: 'Exam pass rates of a school per part and per leading coach (region-scoped)',
          querystring: PassRateQuerySchema,
          response: { 200: PassRatesSchema },
        },
      },
      async (request) => examLink.passRates(actorOf(request), request.query.schoolId),
    );

    app.get(
      '/api/public/schools/:schoolId/pass-rates',
      {
        config: { auth: { public: true } },
        schema: {
          tags: ['public'],
          summary: 'Exam pass rates of a school per part',
          params: SchoolParamsSchema,
          response: { 200: PublicPassRatesSchema },
        },
      },
      async (request) => examLink.publicPassRates(request.params.schoolId),
    );
  };
}
