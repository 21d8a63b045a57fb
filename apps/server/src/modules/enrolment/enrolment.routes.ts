import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import { SESSION_COOKIE } from '../identity/index.ts';
import type { ContractTemplatesService } from './contract-templates.service.ts';
import {
  AnonymousEnrolmentResultSchema,
  AnonymousEnrolmentSchema,
  ContractListSchema,
  ContractSchema,
  CreateTemplateSchema,
  IdParamsSchema,
  PaymentRequestSchema,
  PaymentSchema,
  PublishTemplateSchema,
  SchoolContractsQuerySchema,
  SignSchema,
  TemplateInputSchema,
  TemplateListSchema,
  TemplateSchema,
  TraineeEnrolmentSchema,
} from './enrolment.schemas.ts';
import type { EnrolmentService } from './enrolment.service.ts';

const auth = (permission: Permission) => ({ auth: { permission } });

export function enrolmentRoutes(
  enrolment: EnrolmentService,
  templates: ContractTemplatesService,
  cookie: { secure: boolean },
) {
  return async (app: Api) => {
    // ---- contract templates (regulator writes, regulators and schools read) -----------------------
    for (const prefix of ['/api/regulator', '/api/school'] as const) {
      const tags = [prefix === '/api/regulator' ? 'regulator' : 'school'];
      app.get(
        `${prefix}/contract-templates`,
        {
          config: auth(Permission.contractTemplateRead),
          schema: { tags, response: { 200: TemplateListSchema } },
        },
        async (request) => ({
          templates: await templates.list(actorOf(request)),
          placeholders: templates.placeholders(),
        }),
      );
      app.get(
        `${prefix}/contract-templates/:id`,
        {
          config: auth(Permission.contractTemplateRead),
          schema: { tags, params: IdParamsSchema, response: { 200: TemplateSchema } },
        },
        async (request) => templates.get(actorOf(request), request.params.id),
      );
    }
    app.post(
      '/api/regulator/contract-templates',
      {
        config: auth(Permission.contractTemplateWrite),
        schema: {
          tags: ['regulator'],
          description: "A new draft version of the city's contract template (the next version number).",
          body: CreateTemplateSchema,
          response: { 200: TemplateSchema },
        },
      },
      async (request) => templates.createDraft(actorOf(request), request.body),
    );
    app.put(
      '/api/regulator/contract-templates/:id',
      {
        config: auth(Permission.contractTemplateWrite),
        schema: {
          tags: ['regulator'],
          description:
            'Replaces a draft; a published version is immutable (409 contract_template.published).',
          params: IdParamsSchema,
          body: TemplateInputSchema,
          response: { 200: TemplateSchema },
        },
      },
      async (request) => templates.updateDraft(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/api/regulator/contract-templates/:id/publish',
      {
        config: auth(Permission.contractTemplateWrite),
        schema: {
          tags: ['regulator'],
          params: IdParamsSchema,
          body: PublishTemplateSchema,
          response: { 200: TemplateSchema },
        },
      },
      async (request) => templates.publish(actorOf(request), request.params.id, request.body ?? {}),
    );

    // ---- enrolment (public portal) -----------------------------------------------------------------
    app.post(
      '/api/public/enrolments',
      {
        config: { auth: { public: true } },
        schema: {
          tags: ['public'],
          description:
            'Enrolment without an account: creates the trainee (applicant) and their login (username = trainee number, the password given), signs them in (session cookie) and returns the contract to read. Signed-in trainees use POST /api/trainee/enrolments.',
          body: AnonymousEnrolmentSchema,
          response: { 200: AnonymousEnrolmentResultSchema },
        },
      },
      async (request, reply) => {
        const result = await enrolment.enrolAnonymous(request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? '',
        });
        reply.setCookie(SESSION_COOKIE, result.session.token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: cookie.secure,
          path: '/',
          expires: result.session.expiresAt,
        });
        return { username: result.username, contract: result.contract };
      },
    );
    app.post(
      '/api/trainee/enrolments',
      {
        config: auth(Permission.traineeEnrolment),
        schema: {
          tags: ['public'],
          description:
            'Enrolment of a signed-in trainee. With an active contract at another school (or class) this is a transfer: the escrow moves once the new contract is countersigned.',
          body: TraineeEnrolmentSchema,
          response: { 200: ContractSchema },
        },
      },
      async (request) => enrolment.enrolAsTrainee(actorOf(request), request.body),
    );
    app.get(
      '/api/trainee/enrolment/contracts',
      {
        config: auth(Permission.traineeEnrolment),
        schema: { tags: ['public'], response: { 200: ContractListSchema } },
      },
      async (request) => enrolment.myContracts(actorOf(request)),
    );
    app.get(
      '/api/trainee/enrolment/contracts/:id',
      {
        config: auth(Permission.traineeEnrolment),
        schema: { tags: ['public'], params: IdParamsSchema, response: { 200: ContractSchema } },
      },
      async (request) => enrolment.contract(actorOf(request), request.params.id),
    );
    app.post(
      '/api/trainee/enrolment/contracts/:id/signature',
      {
        config: auth(Permission.traineeEnrolment),
        schema: {
          tags: ['public'],
          params: IdParamsSchema,
          body: SignSchema,
          response: { 200: ContractSchema },
        },
      },
      async (request) => enrolment.signAsTrainee(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/api/trainee/enrolment/contracts/:id/payments',
      {
        config: auth(Permission.traineeEnrolment),
        schema: {
          tags: ['public'],
          description:
            'Starts (or resumes) the bank payment of a countersigned contract through the escrow ledger.',
          params: IdParamsSchema,
          body: PaymentRequestSchema,
          response: { 200: PaymentSchema },
        },
      },
      async (request) => enrolment.startPayment(actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/api/trainee/enrolment/contracts/:id/pdf',
      { config: auth(Permission.traineeEnrolment), schema: { tags: ['public'], params: IdParamsSchema } },
      async (request, reply) => {
        const { fileName, pdf } = await enrolment.contractPdf(actorOf(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .send(pdf);
      },
    );

    // ---- the school ----------------------------------------------------------------------------
    app.get(
      '/api/school/enrolment/contracts',
      {
        config: auth(Permission.schoolContractRead),
        schema: {
          tags: ['school'],
          querystring: SchoolContractsQuerySchema,
          response: { 200: ContractListSchema },
        },
      },
      async (request) => enrolment.schoolContracts(actorOf(request), request.query),
    );
    app.get(
      '/api/school/enrolment/contracts/:id',
      {
        config: auth(Permission.schoolContractRead),
        schema: { tags: ['school'], params: IdParamsSchema, response: { 200: ContractSchema } },
      },
      async (request) => enrolment.contract(actorOf(request), request.params.id),
    );
    app.post(
      '/api/school/enrolment/contracts/:id/countersignature',
      {
        config: auth(Permission.schoolContractSign),
        schema: {
          tags: ['school'],
          description:
            "Countersigns with the school's key: the contract is in force and the escrow contract opens (awaiting payment). Retrying returns the same contract.",
          params: IdParamsSchema,
          response: { 200: ContractSchema },
        },
      },
      async (request) => enrolment.countersign(actorOf(request), request.params.id),
    );
    app.get(
      '/api/school/enrolment/contracts/:id/pdf',
      { config: auth(Permission.schoolContractRead), schema: { tags: ['school'], params: IdParamsSchema } },
      async (request, reply) => {
        const { fileName, pdf } = await enrolment.contractPdf(actorOf(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${fileName}"`)
          .send(pdf);
      },
    );
  };
}
