import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { SchoolScope } from '../../shared/access.ts';
import type { PageQuery } from '../../shared/paging.ts';
import { offsetOf } from '../../shared/paging.ts';

/** Escapes LIKE wildcards so a user's `%` or `_` matches itself. */
const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export type SchoolFilter = { countyCode?: string; licenceClass?: string; q?: string };

/** Tables that hang off a school and are listed per school. */
export type SchoolChildTable =
  'coaches' | 'vehicles' | 'terminals' | 'teachingAreas' | 'classTypes' | 'recruitmentPoints' | 'trainees';

export function createRegistryRepository() {
  function applySchoolFilter<O>(
    qb: SelectQueryBuilder<DB, 'schools' | 'regions', O>,
    scope: SchoolScope | null,
    f: SchoolFilter,
  ) {
    let q = qb;
    if (scope?.kind === 'region') q = q.where('schools.countyCode', 'like', `${scope.prefix}%`);
    if (scope?.kind === 'school') q = q.where('schools.id', '=', scope.schoolId);
    if (scope?.kind === 'none') q = q.where(sql<boolean>`false`);
    if (f.countyCode) q = q.where('schools.countyCode', '=', f.countyCode);
    if (f.licenceClass) q = q.where(sql<boolean>`${f.licenceClass} = ANY(schools.licence_classes)`);
    if (f.q) {
      const pattern = likeContains(f.q);
      q = q.where((eb) =>
        eb.or([eb('schools.name', 'ilike', pattern), eb('schools.shortName', 'ilike', pattern)]),
      );
    }
    return q;
  }

  const countChildren = (db: Kysely<DB>, table: SchoolChildTable, schoolId: string): Promise<number> =>
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('schoolId', '=', schoolId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));

  return {
    countChildren,
    findRegions(db: Kysely<DB>, prefix: string) {
      return db
        .selectFrom('regions')
        .select(['code', 'name', 'level', 'parentCode'])
        .where('code', 'like', `${prefix}%`)
        .orderBy('code')
        .execute();
    },

    findRegion(db: Kysely<DB>, code: string) {
      return db
        .selectFrom('regions')
        .select(['code', 'name', 'level'])
        .where('code', '=', code)
        .executeTakeFirst();
    },

    /** Schools with the figures a list shows; `scope` null means the public list (every school). */
    async findSchoolPage(db: Kysely<DB>, scope: SchoolScope | null, filter: SchoolFilter, page: PageQuery) {
      const base = db.selectFrom('schools').innerJoin('regions', 'regions.code', 'schools.countyCode');
      const totalRow = await applySchoolFilter(
        base.select((eb) => eb.fn.countAll<number>().as('n')),
        scope,
        filter,
      ).executeTakeFirstOrThrow();
      const items = await applySchoolFilter(
        base.select((eb) => [
          'schools.id',
          'schools.name',
          'schools.shortName',
          'schools.grade',
          'schools.licenceClasses',
          'schools.countyCode',
          'regions.name as countyName',
          'schools.address',
          'schools.latitude',
          'schools.longitude',
          'schools.phone',
          'schools.status',
          eb
            .selectFrom('coaches')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('coaches.schoolId', '=', 'schools.id')
            .where('coaches.status', '=', 'active')
            .as('coachCount'),
          eb
            .selectFrom('vehicles')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('vehicles.schoolId', '=', 'schools.id')
            .where('vehicles.status', '=', 'active')
            .as('vehicleCount'),
          eb
            .selectFrom('classTypes')
            .select((c) => c.fn.min<number>('classTypes.priceFen').as('p'))
            .whereRef('classTypes.schoolId', '=', 'schools.id')
            .where('classTypes.status', '=', 'on_sale')
            .as('minPriceFen'),
        ]),
        scope,
        filter,
      )
        .orderBy('schools.grade')
        .orderBy('schools.name')
        .orderBy('schools.id')
        .limit(page.pageSize)
        .offset(offsetOf(page))
        .execute();
      return {
        items: items.map((r) => ({ ...r, coachCount: r.coachCount ?? 0, vehicleCount: r.vehicleCount ?? 0 })),
        total: Number(totalRow.n),
      };
    },

    findSchool(db: Kysely<DB>, id: string) {
      return db
        .selectFrom('schools')
        .innerJoin('regions', 'regions.code', 'schools.countyCode')
        .selectAll('schools')
        .select('regions.name as countyName')
        .where('schools.id', '=', id)
        .executeTakeFirst();
    },

    async countSchoolChildren(db: Kysely<DB>, schoolId: string) {
      const count = (table: SchoolChildTable) => countChildren(db, table, schoolId);
      return {
        coaches: await count('coaches'),
        vehicles: await count('vehicles'),
        terminals: await count('terminals'),
        teachingAreas: await count('teachingAreas'),
        classTypes: await count('classTypes'),
        trainees: await count('trainees'),
        recruitmentPoints: await count('recruitmentPoints'),
      };
    },

    async updateSchool(
      db: Kysely<DB>,
      id: string,
      patch: Partial<{ phone: string; address: string; introduction: string; photos: string[] }>,
      at: Date,
    ) {
      const { photos, ...rest } = patch;
      await db
        .updateTable('schools')
        .set({ ...rest, ...(photos ? { photos: JSON.stringify(photos) } : {}), updatedAt: at })
        .where('id', '=', id)
        .execute();
    },

    findCoaches(db: Kysely<DB>, schoolId: string, offset: number, limit: number) {
      return db
        .selectFrom('coaches')
        .select([
          'id',
          'coachNumber',
          'name',
          'gender',
          'idNumberMasked',
          'phone',
          'licenceClasses',
          'status',
          'hiredOn',
        ])
        .where('schoolId', '=', schoolId)
        .orderBy('coachNumber')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    findVehicles(db: Kysely<DB>, schoolId: string, offset: number, limit: number) {
      return db
        .selectFrom('vehicles')
        .leftJoin('terminals', 'terminals.vehicleId', 'vehicles.id')
        .select([
          'vehicles.id',
          'vehicles.plate',
          'vehicles.licenceClass',
          'vehicles.make',
          'vehicles.model',
          'vehicles.inspectionValidUntil',
          'vehicles.lastMaintainedOn',
          'vehicles.status',
          'terminals.terminalNumber',
        ])
        .where('vehicles.schoolId', '=', schoolId)
        .orderBy('vehicles.plate')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    findTerminals(db: Kysely<DB>, schoolId: string, offset: number, limit: number) {
      return db
        .selectFrom('terminals')
        .leftJoin('vehicles', 'vehicles.id', 'terminals.vehicleId')
        .select([
          'terminals.id',
          'terminals.terminalNumber',
          'terminals.imei',
          'terminals.simNumber',
          'terminals.vehicleId',
          'vehicles.plate',
          'terminals.maker',
          'terminals.model',
          'terminals.status',
        ])
        .where('terminals.schoolId', '=', schoolId)
        .orderBy('terminals.terminalNumber')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    findTeachingAreas(db: Kysely<DB>, schoolId: string, offset: number, limit: number) {
      return db
        .selectFrom('teachingAreas')
        .select(['id', 'name', 'kind', 'licenceClasses', 'polygon', 'areaM2', 'status'])
        .where('schoolId', '=', schoolId)
        .orderBy('name')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    findClassTypes(db: Kysely<DB>, schoolId: string, offset: number, limit: number) {
      return db
        .selectFrom('classTypes')
        .select(['id', 'name', 'licenceClass', 'priceFen', 'inclusions', 'description', 'status'])
        .where('schoolId', '=', schoolId)
        .orderBy('priceFen')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    findRecruitmentPoints(db: Kysely<DB>, schoolId: string, offset: number, limit: number) {
      return db
        .selectFrom('recruitmentPoints')
        .select(['id', 'name', 'address', 'countyCode', 'latitude', 'longitude', 'phone'])
        .where('schoolId', '=', schoolId)
        .orderBy('name')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    findTrainees(db: Kysely<DB>, schoolId: string, offset: number, limit: number) {
      return db
        .selectFrom('trainees')
        .select(['id', 'name', 'gender', 'idNumberMasked', 'phone', 'licenceClass', 'enrolledOn', 'status'])
        .where('schoolId', '=', schoolId)
        .orderBy('enrolledOn', 'desc')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    insertInto<T extends SchoolChildTable>(db: Kysely<DB>, table: T, row: Record<string, unknown>) {
      return db
        .insertInto(table)
        .values(row as never)
        .returning('id')
        .executeTakeFirstOrThrow() as Promise<{ id: string }>;
    },

    findTrainee(db: Kysely<DB>, id: string) {
      return db
        .selectFrom('trainees')
        .innerJoin('schools', 'schools.id', 'trainees.schoolId')
        .select([
          'trainees.id',
          'trainees.name',
          'trainees.gender',
          'trainees.idNumberMasked',
          'trainees.phone',
          'trainees.licenceClass',
          'trainees.enrolledOn',
          'trainees.status',
          'schools.id as schoolId',
          'schools.name as schoolName',
        ])
        .where('trainees.id', '=', id)
        .executeTakeFirst();
    },

    findVehicle(db: Kysely<DB>, id: string) {
      return db.selectFrom('vehicles').select(['id', 'schoolId']).where('id', '=', id).executeTakeFirst();
    },

    isVehicleBound(db: Kysely<DB>, vehicleId: string) {
      return db
        .selectFrom('terminals')
        .select('id')
        .where('vehicleId', '=', vehicleId)
        .executeTakeFirst()
        .then((r) => r !== undefined);
    },

    /** Per-county figures for every county under `prefix` (counties without schools show zeros). */
    countsByCounty(db: Kysely<DB>, prefix: string) {
      const perSchool = (table: 'coaches' | 'vehicles' | 'terminals' | 'trainees') =>
        sql<number>`(SELECT count(*) FROM ${sql.table(table)} t JOIN schools s ON s.id = t.school_id WHERE s.county_code = r.code)`;
      return sql<{
        code: string;
        name: string;
        schools: number;
        coaches: number;
        vehicles: number;
        terminals: number;
        trainees: number;
      }>`
        SELECT r.code, r.name,
          (SELECT count(*) FROM schools s WHERE s.county_code = r.code) AS schools,
          ${perSchool('coaches')} AS coaches,
          ${perSchool('vehicles')} AS vehicles,
          ${perSchool('terminals')} AS terminals,
          ${perSchool('trainees')} AS trainees
        FROM regions r
        WHERE r.level = 'county' AND r.code LIKE ${`${prefix}%`}
        ORDER BY r.code`
        .execute(db)
        .then((r) => r.rows);
    },
  };
}

export type RegistryRepository = ReturnType<typeof createRegistryRepository>;
