import { Type } from '@sinclair/typebox';
import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import { reasonCatalogue } from './reason-codes.ts';
import {
  AuditRulesQuerySchema,
  AuditRulesSchema,
  CreateAuditRuleSetSchema,
  CreatedAuditRuleSetSchema,
  CreateSchoolSessionSchema,
  CreateSyllabusVersionSchema,
  ReasonCatalogueSchema,
  SyllabusQuerySchema,
  SyllabusSchema,
} from './training-hours.schemas.ts';
import type { TrainingHoursService } from './training-hours.service.ts';

const CreatedSchema = Type.Object({ id: Type.String() });
const needs = (permission: Permission) => ({ auth: { permission } });

export function trainingHoursRoutes(trainingHours: TrainingHoursService) {
  return async (app: Api) => {
    app.get(
      '/api/training/reason-codes',
      {
        config: needs(Permission.selfRead),
        schema: { tags: ['training'], response: { 200: ReasonCatalogueSchema } },
      },
      async () => ({
        items: Object.entries(reasonCatalogue).map(([code, text]) => ({ code, ...text })),
      }),
    );

    // Syllabus: readable by every school and regulator account (schoolProfileRead is held by both).
    app.get(
      '/api/training/syllabus',
      {
        config: needs(Permission.schoolProfileRead),
        schema: { tags: ['training'], querystring: SyllabusQuerySchema, response: { 200: SyllabusSchema } },
      },
      async (request) => trainingHours.getSyllabus(actorOf(request), request.query),
    );

    app.post(
      '/api/training/syllabus',
      {
        config: needs(Permission.syllabusWrite),
        schema: { tags: ['training'], body: CreateSyllabusVersionSchema, response: { 201: CreatedSchema } },
      },
      async (request, reply) => {
        const created = await trainingHours.createSyllabusVersion(actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/training/audit-rules',
      {
        config: needs(Permission.schoolProfileRead),
        schema: {
          tags: ['training'],
          querystring: AuditRulesQuerySchema,
          response: { 200: AuditRulesSchema },
        },
      },
      async (request) => trainingHours.getAuditRules(actorOf(request), request.query),
    );

    app.post(
      '/api/training/audit-rules',
      {
        config: needs(Permission.auditRulesWrite),
        schema: {
          tags: ['training'],
          body: CreateAuditRuleSetSchema,
          response: { 201: CreatedAuditRuleSetSchema },
        },
      },
      async (request, reply) => {
        const created = await trainingHours.createAuditRuleSet(actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.post(
      '/api/training/sessions',
      {
        config: needs(Permission.schoolSessionWrite),
        schema: { tags: ['training'], body: CreateSchoolSessionSchema, response: { 201: CreatedSchema } },
      },
      async (request, reply) => {
        const created = await trainingHours.createSchoolSession(actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );
  };
}
