import { Type, type TSchema } from '@sinclair/typebox';
import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import type { Actor } from '../../shared/access.ts';
import { PageQuerySchema, type PageQuery } from '../../shared/paging.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  ClassTypePageSchema,
  CoachPageSchema,
  CreateClassTypeSchema,
  CreateCoachSchema,
  CreateRecruitmentPointSchema,
  CreateTeachingAreaSchema,
  CreateTerminalSchema,
  CreateVehicleSchema,
  OverviewSchema,
  RecruitmentPointPageSchema,
  RegionListSchema,
  SchoolDetailSchema,
  SchoolListQuerySchema,
  SchoolPageSchema,
  SchoolParamsSchema,
  TeachingAreaPageSchema,
  TerminalPageSchema,
  TraineePageSchema,
  TraineeSchema,
  UpdateSchoolProfileSchema,
  VehiclePageSchema,
} from './registry.schemas.ts';
import type { RegistryService } from './registry.service.ts';
import {
  PublicSchoolPageSchema,
  PublicSchoolProfileSchema,
  PublicSchoolQuerySchema,
} from './school-search.schemas.ts';
import type { SchoolSearchService } from './school-search.service.ts';

const CreatedSchema = Type.Object({ id: Type.String() });
const read = (permission: Permission) => ({ auth: { permission } });

export function registryRoutes(registry: RegistryService, schoolSearch: SchoolSearchService) {
  return async (app: Api) => {
    app.get(
      '/api/public/regions',
      {
        config: { auth: { public: true } },
        schema: { tags: ['public'], response: { 200: RegionListSchema } },
      },
      async () => ({ items: await registry.findRegions() }),
    );

    app.get(
      '/api/public/schools',
      {
        config: { auth: { public: true } },
        schema: {
          tags: ['public'],
          description:
            'School search: nearest first when lat/lon are given (an indexed KNN scan), filters and other sorts.',
          querystring: PublicSchoolQuerySchema,
          response: { 200: PublicSchoolPageSchema },
        },
      },
      async (request) => schoolSearch.findPublicSchools(request.query),
    );

    app.get(
      '/api/public/schools/:schoolId',
      {
        config: { auth: { public: true } },
        schema: {
          tags: ['public'],
          description: 'The public profile of a school: public fields only (no identity numbers, no phones).',
          params: SchoolParamsSchema,
          response: { 200: PublicSchoolProfileSchema },
        },
      },
      async (request) => schoolSearch.getPublicProfile(request.params.schoolId),
    );

    app.get(
      '/api/schools',
      {
        config: read(Permission.regulatorSchoolsRead),
        schema: {
          tags: ['registry'],
          querystring: SchoolListQuerySchema,
          response: { 200: SchoolPageSchema },
        },
      },
      async (request) => registry.findSchools(actorOf(request), request.query),
    );

    app.get(
      '/api/schools/:schoolId',
      {
        config: read(Permission.schoolProfileRead),
        schema: { tags: ['registry'], params: SchoolParamsSchema, response: { 200: SchoolDetailSchema } },
      },
      async (request) => registry.getSchool(actorOf(request), request.params.schoolId),
    );

    app.patch(
      '/api/schools/:schoolId',
      {
        config: read(Permission.schoolRegistryWrite),
        schema: {
          tags: ['registry'],
          params: SchoolParamsSchema,
          body: UpdateSchoolProfileSchema,
          response: { 200: SchoolDetailSchema },
        },
      },
      async (request) =>
        registry.updateSchoolProfile(actorOf(request), request.params.schoolId, request.body),
    );

    // The school's filings: list (staff and regulators) and create (school admin), one pair per kind.
    const listAndCreate = <Q, B>(
      path: string,
      listPermission: Permission,
      pageSchema: TSchema,
      createSchema: TSchema,
      list: (actor: Actor, schoolId: string, page: PageQuery) => Promise<Q>,
      create: (actor: Actor, schoolId: string, body: B) => Promise<{ id: string }>,
    ) => {
      app.get(
        `/api/schools/:schoolId/${path}`,
        {
          config: read(listPermission),
          schema: {
            tags: ['registry'],
            params: SchoolParamsSchema,
            querystring: PageQuerySchema,
            response: { 200: pageSchema },
          },
        },
        async (request) => list(actorOf(request), request.params.schoolId, request.query) as never,
      );
      app.post(
        `/api/schools/:schoolId/${path}`,
        {
          config: read(Permission.schoolRegistryWrite),
          schema: {
            tags: ['registry'],
            params: SchoolParamsSchema,
            body: createSchema,
            response: { 201: CreatedSchema },
          },
        },
        async (request, reply) => {
          const created = await create(actorOf(request), request.params.schoolId, request.body as B);
          return reply.status(201).send(created);
        },
      );
    };

    listAndCreate(
      'coaches',
      Permission.schoolCoachesRead,
      CoachPageSchema,
      CreateCoachSchema,
      registry.findCoaches,
      registry.createCoach,
    );
    listAndCreate(
      'vehicles',
      Permission.schoolRegistryRead,
      VehiclePageSchema,
      CreateVehicleSchema,
      registry.findVehicles,
      registry.createVehicle,
    );
    listAndCreate(
      'terminals',
      Permission.schoolRegistryRead,
      TerminalPageSchema,
      CreateTerminalSchema,
      registry.findTerminals,
      registry.createTerminal,
    );
    listAndCreate(
      'teaching-areas',
      Permission.schoolRegistryRead,
      TeachingAreaPageSchema,
      CreateTeachingAreaSchema,
      registry.findTeachingAreas,
      registry.createTeachingArea,
    );
    listAndCreate(
      'class-types',
      Permission.schoolRegistryRead,
      ClassTypePageSchema,
      CreateClassTypeSchema,
      registry.findClassTypes,
      registry.createClassType,
    );
    listAndCreate(
      'recruitment-points',
      Permission.schoolRegistryRead,
      RecruitmentPointPageSchema,
      CreateRecruitmentPointSchema,
      registry.findRecruitmentPoints,
      registry.createRecruitmentPoint,
    );

    app.get(
      '/api/schools/:schoolId/trainees',
      {
        config: read(Permission.schoolRegistryRead),
        schema: {
          tags: ['registry'],
          params: SchoolParamsSchema,
          querystring: PageQuerySchema,
          response: { 200: TraineePageSchema },
        },
      },
      async (request) => registry.findTrainees(actorOf(request), request.params.schoolId, request.query),
    );

    app.get(
      '/api/trainee/record',
      {
        config: read(Permission.traineeSelfRead),
        schema: {
          tags: ['trainee'],
          response: {
            200: Type.Composite([
              TraineeSchema,
              Type.Object({ schoolId: Type.String(), schoolName: Type.String() }),
            ]),
          },
        },
      },
      async (request) => registry.getOwnTraineeRecord(actorOf(request)),
    );

    app.get(
      '/api/regulator/overview',
      {
        config: read(Permission.regulatorOverviewRead),
        schema: { tags: ['regulator'], response: { 200: OverviewSchema } },
      },
      async (request) => registry.getOverview(actorOf(request)),
    );
  };
}
