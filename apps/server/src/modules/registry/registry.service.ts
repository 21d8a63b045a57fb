import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  canAccessSchool,
  regionPrefix,
  requirePermission,
  schoolScopeOf,
  type Actor,
} from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { rethrowUniqueViolation } from '../../shared/db-errors.ts';
import { boundingBox, isClosedRing, isSimpleRing, ringAreaM2, type LonLat } from '../../shared/geo.ts';
import { isValidIdNumber, type IdNumberVault } from '../../shared/identity-number.ts';
import type { PageQuery } from '../../shared/paging.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { RegistryRepository, SchoolChildTable } from './registry.repository.ts';
import { createSchoolSearchRepository } from './school-search.repository.ts';
import type {
  CreateClassType,
  CreateCoach,
  CreateRecruitmentPoint,
  CreateTeachingArea,
  CreateTerminal,
  CreateVehicle,
  GeoJsonPolygon,
  Overview,
  SchoolListQuery,
  UpdateSchoolProfile,
} from './registry.schemas.ts';

export function createRegistryService(deps: {
  db: Kysely<DB>;
  registry: RegistryRepository;
  audit: AuditLogService;
  vault: IdNumberVault;
  clock: Clock;
}) {
  const { db, registry, audit, vault, clock } = deps;
  const schoolSearch = createSchoolSearchRepository();

  /** Loads the school and checks the actor may see it; outsiders get `forbidden`, never the row. */
  async function requireSchool(actor: Actor, schoolId: string) {
    const school = await registry.findSchool(db, schoolId);
    if (!school) {
      // A regulator may learn a school does not exist; others get the same answer as for a foreign one.
      if (schoolScopeOf(actor).kind === 'region') throw new AppError('registry.school_not_found');
      throw new AppError('auth.forbidden');
    }
    if (!canAccessSchool(actor, school)) {
      throw new AppError('auth.forbidden', { message: 'school outside scope' });
    }
    return school;
  }

  async function pageOf<R>(
    table: SchoolChildTable,
    schoolId: string,
    page: PageQuery,
    rows: (offset: number, limit: number) => Promise<R[]>,
  ) {
    const total = await registry.countChildren(db, table, schoolId);
    const items = await rows((page.page - 1) * page.pageSize, page.pageSize);
    return { items, total, page: page.page, pageSize: page.pageSize };
  }

  /** Inserts a row filed by a school and its audit entry in one transaction. */
  async function fileForSchool(
    actor: Actor,
    schoolId: string,
    table: SchoolChildTable,
    row: Record<string, unknown>,
    auditDetails: Record<string, unknown>,
    /** Rows that belong to the new one (e.g. a class type's fees), written in the same transaction. */
    afterInsert?: (tx: Kysely<DB>, id: string) => Promise<void>,
  ): Promise<{ id: string }> {
    requirePermission(actor, Permission.schoolRegistryWrite);
    const school = await requireSchool(actor, schoolId);
    const now = clock.now();
    try {
      return await db.transaction().execute(async (tx) => {
        const created = await registry.insertInto(tx, table, {
          ...row,
          schoolId,
          createdAt: now,
          updatedAt: now,
        });
        await afterInsert?.(tx, created.id);
        await audit.append(tx, actor, {
          action: `registry.${table}.created`,
          entityType: table,
          entityId: created.id,
          regionCode: school.countyCode,
          schoolId,
          details: auditDetails,
        });
        return created;
      });
    } catch (err) {
      return rethrowUniqueViolation(err);
    }
  }

  async function getSchool(actor: Actor, schoolId: string) {
    const school = await requireSchool(actor, schoolId);
    const counts = await registry.countSchoolChildren(db, schoolId);
    const photos = Array.isArray(school.photos)
      ? school.photos.filter((p): p is string => typeof p === 'string')
      : [];
    return { ...school, photos, counts };
  }

  function validatePolygon(polygon: GeoJsonPolygon) {
    const outer = polygon.coordinates[0] as LonLat[] | undefined;
    if (!outer || !polygon.coordinates.every((r) => isClosedRing(r as LonLat[]))) {
      throw new AppError('registry.invalid_polygon', {
        details: [{ field: 'polygon', message: 'every ring must be closed (first point repeated last)' }],
      });
    }
    if (!isSimpleRing(outer)) {
      throw new AppError('registry.invalid_polygon', {
        details: [{ field: 'polygon', message: 'the outer ring crosses itself' }],
      });
    }
    const area = Math.round(ringAreaM2(outer));
    if (area < 1) {
      throw new AppError('registry.invalid_polygon', {
        details: [{ field: 'polygon', message: 'the polygon has no area' }],
      });
    }
    return { area, box: boundingBox(outer) };
  }

  return {
    findRegions: () => registry.findRegions(db, ''),

    async findSchools(actor: Actor, query: SchoolListQuery) {
      const { page, pageSize, ...filter } = query;
      const result = await registry.findSchoolPage(db, schoolScopeOf(actor), filter, { page, pageSize });
      return { ...result, page, pageSize };
    },

    getSchool,

    async updateSchoolProfile(actor: Actor, schoolId: string, patch: UpdateSchoolProfile) {
      const school = await requireSchool(actor, schoolId);
      await db.transaction().execute(async (tx) => {
        await registry.updateSchool(tx, schoolId, patch, clock.now());
        await audit.append(tx, actor, {
          action: 'registry.school.updated',
          entityType: 'schools',
          entityId: schoolId,
          regionCode: school.countyCode,
          schoolId,
          details: { fields: Object.keys(patch).sort() },
        });
      });
      return getSchool(actor, schoolId);
    },

    async findCoaches(actor: Actor, schoolId: string, page: PageQuery) {
      await requireSchool(actor, schoolId);
      return pageOf('coaches', schoolId, page, (o, l) => registry.findCoaches(db, schoolId, o, l));
    },

    async createCoach(actor: Actor, schoolId: string, input: CreateCoach) {
      if (!isValidIdNumber(input.idNumber)) {
        throw new AppError('registry.invalid_id_number', {
          details: [{ field: 'idNumber', message: 'check digit or date is wrong' }],
        });
      }
      const { idNumber, ...rest } = input;
      const id = vault.protect(idNumber);
      return fileForSchool(
        actor,
        schoolId,
        'coaches',
        { ...rest, idNumberCipher: id.cipher, idNumberHash: id.hash, idNumberMasked: id.masked },
        { coachNumber: input.coachNumber, idNumber: id.masked },
      );
    },

    async findVehicles(actor: Actor, schoolId: string, page: PageQuery) {
      await requireSchool(actor, schoolId);
      return pageOf('vehicles', schoolId, page, (o, l) => registry.findVehicles(db, schoolId, o, l));
    },

    createVehicle: (actor: Actor, schoolId: string, input: CreateVehicle) =>
      fileForSchool(actor, schoolId, 'vehicles', input, { plate: input.plate }),

    async findTerminals(actor: Actor, schoolId: string, page: PageQuery) {
      await requireSchool(actor, schoolId);
      return pageOf('terminals', schoolId, page, (o, l) => registry.findTerminals(db, schoolId, o, l));
    },

    async createTerminal(actor: Actor, schoolId: string, input: CreateTerminal) {
      if (input.vehicleId) {
        const vehicle = await registry.findVehicle(db, input.vehicleId);
        if (!vehicle || vehicle.schoolId !== schoolId) throw new AppError('registry.vehicle_not_found');
        if (await registry.isVehicleBound(db, input.vehicleId)) throw new AppError('registry.vehicle_bound');
      }
      return fileForSchool(
        actor,
        schoolId,
        'terminals',
        { ...input, vehicleId: input.vehicleId ?? null },
        {
          terminalNumber: input.terminalNumber,
          vehicleId: input.vehicleId ?? null,
        },
      );
    },

    async findTeachingAreas(actor: Actor, schoolId: string, page: PageQuery) {
      await requireSchool(actor, schoolId);
      return pageOf('teachingAreas', schoolId, page, (o, l) =>
        registry.findTeachingAreas(db, schoolId, o, l),
      );
    },

    createTeachingArea(actor: Actor, schoolId: string, input: CreateTeachingArea) {
      const { area, box } = validatePolygon(input.polygon);
      return fileForSchool(
        actor,
        schoolId,
        'teachingAreas',
        { ...input, polygon: JSON.stringify(input.polygon), areaM2: area, ...box },
        { name: input.name, areaM2: area },
      );
    },

    async findClassTypes(actor: Actor, schoolId: string, page: PageQuery) {
      await requireSchool(actor, schoolId);
      return pageOf('classTypes', schoolId, page, (o, l) => registry.findClassTypes(db, schoolId, o, l));
    },

    createClassType(actor: Actor, schoolId: string, input: CreateClassType) {
      const { fees = [], ...classType } = input;
      const included = fees.filter((f) => f.kind === 'included').reduce((sum, f) => sum + f.amountFen, 0);
      // A breakdown that does not add up to the advertised price would mislead the trainee and the contract.
      if (fees.length > 0 && included !== input.priceFen) {
        throw new AppError('request.invalid', {
          message: 'included fees must add up to the price',
          details: [
            { field: 'fees', message: `included fees total ${included} 分, price is ${input.priceFen} 分` },
          ],
        });
      }
      return fileForSchool(
        actor,
        schoolId,
        'classTypes',
        classType,
        { name: input.name, priceFen: input.priceFen, fees: fees.length },
        (tx, id) =>
          schoolSearch.insertFees(
            tx,
            id,
            fees.map((f) => ({ ...f, note: f.note ?? '' })),
          ),
      );
    },

    async findRecruitmentPoints(actor: Actor, schoolId: string, page: PageQuery) {
      await requireSchool(actor, schoolId);
      return pageOf('recruitmentPoints', schoolId, page, (o, l) =>
        registry.findRecruitmentPoints(db, schoolId, o, l),
      );
    },

    createRecruitmentPoint: (actor: Actor, schoolId: string, input: CreateRecruitmentPoint) =>
      fileForSchool(actor, schoolId, 'recruitmentPoints', input, { name: input.name }),

    async findTrainees(actor: Actor, schoolId: string, page: PageQuery) {
      await requireSchool(actor, schoolId);
      return pageOf('trainees', schoolId, page, (o, l) => registry.findTrainees(db, schoolId, o, l));
    },

    /** A trainee's own roster entry (ID number masked). */
    async getOwnTraineeRecord(actor: Actor) {
      requirePermission(actor, Permission.traineeSelfRead);
      if (!actor.traineeId) throw new AppError('auth.forbidden');
      const row = await registry.findTrainee(db, actor.traineeId);
      if (!row) throw new AppError('auth.forbidden');
      return row;
    },

    /** Figures per county of the actor's region: the regulator's home page. */
    async getOverview(actor: Actor): Promise<Overview> {
      requirePermission(actor, Permission.regulatorOverviewRead);
      if (!actor.regionCode) throw new AppError('auth.forbidden');
      const region = await registry.findRegion(db, actor.regionCode);
      if (!region) throw new AppError('auth.forbidden', { message: 'actor region unknown' });
      const counties = (await registry.countsByCounty(db, regionPrefix(region.code))).map((c) => ({
        ...c,
        schools: Number(c.schools),
        coaches: Number(c.coaches),
        vehicles: Number(c.vehicles),
        terminals: Number(c.terminals),
        trainees: Number(c.trainees),
      }));
      const sum = (k: 'schools' | 'coaches' | 'vehicles' | 'terminals' | 'trainees') =>
        counties.reduce((s, c) => s + c[k], 0);
      return {
        region,
        counties,
        totals: {
          schools: sum('schools'),
          coaches: sum('coaches'),
          vehicles: sum('vehicles'),
          terminals: sum('terminals'),
          trainees: sum('trainees'),
        },
      };
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
