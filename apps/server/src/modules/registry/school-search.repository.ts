import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/types.ts';
import { regionPrefix } from '../../shared/access.ts';

/** Escapes LIKE wildcards so a user's `%` or `_` matches itself. */
const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export type SchoolSearchFilter = {
  countyCode?: string;
  grade?: number;
  licenceClass?: string;
  minPriceFen?: number;
  maxPriceFen?: number;
  minRating?: number;
  minPassRate?: number;
  q?: string;
};
export type SchoolSearchOrder =
  { by: 'distance'; lat: number; lon: number } | { by: 'rating' | 'price' | 'passRate' | 'grade' };

/**
 * Reads the `school_search` read model (migration 0010; triggers keep it in step with its sources).
 * The only file touching it besides those triggers.
 */
export function createSchoolSearchRepository() {
  function applyFilter<O>(qb: SelectQueryBuilder<DB, 'schoolSearch', O>, f: SchoolSearchFilter) {
    let q = qb;
    if (f.countyCode) q = q.where('schoolSearch.countyCode', 'like', `${regionPrefix(f.countyCode)}%`);
    if (f.grade !== undefined) q = q.where('schoolSearch.grade', '=', f.grade);
    if (f.licenceClass) {
      q = q.where(sql<boolean>`school_search.licence_classes @> ARRAY[${f.licenceClass}]::text[]`);
    }
    if (f.minPriceFen !== undefined) q = q.where('schoolSearch.minPriceFen', '>=', f.minPriceFen);
    if (f.maxPriceFen !== undefined) q = q.where('schoolSearch.minPriceFen', '<=', f.maxPriceFen);
    if (f.minRating !== undefined) q = q.where('schoolSearch.rating', '>=', f.minRating);
    if (f.minPassRate !== undefined) q = q.where('schoolSearch.passRate', '>=', f.minPassRate);
    if (f.q) {
      const pattern = likeContains(f.q);
      q = q.where((eb) =>
        eb.or([eb('schoolSearch.name', 'ilike', pattern), eb('schoolSearch.shortName', 'ilike', pattern)]),
      );
    }
    return q;
  }

  return {
    /**
     * Matching schools, counted up to `cap` + 1 and no further: the scan stops as soon as it knows the
     * answer is "more than cap", so a broad filter over 20,000 schools costs a few hundred rows, not all.
     */
    async countSchools(db: Kysely<DB>, filter: SchoolSearchFilter, cap: number): Promise<number> {
      const matching = applyFilter(db.selectFrom('schoolSearch').select(sql`1`.as('one')), filter).limit(
        cap + 1,
      );
      const row = await db
        .selectFrom(matching.as('m'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /**
     * One page of matching schools with the list's fields. Every order is one an index yields directly
     * (the GiST KNN scan for distance, a b-tree for the others), so a page costs the rows it returns plus
     * the ones the filter skips, never a sort of every school. Returns the query so a test can EXPLAIN it.
     */
    schoolPageQuery(
      db: Kysely<DB>,
      filter: SchoolSearchFilter,
      order: SchoolSearchOrder,
      offset: number,
      limit: number,
    ) {
      let q = applyFilter(
        db
          .selectFrom('schoolSearch')
          .innerJoin('schools as s', 's.id', 'schoolSearch.schoolId')
          .innerJoin('regions as r', 'r.code', 's.countyCode')
          .select([
            's.id',
            's.name',
            's.shortName',
            's.grade',
            's.licenceClasses',
            's.countyCode',
            'r.name as countyName',
            's.address',
            's.latitude',
            's.longitude',
            's.phone',
            's.status',
            'schoolSearch.coachCount',
            'schoolSearch.vehicleCount',
            'schoolSearch.minPriceFen',
            'schoolSearch.maxPriceFen',
            'schoolSearch.rating',
            'schoolSearch.ratingCount',
            'schoolSearch.passRate',
            'schoolSearch.examAttempts',
            'schoolSearch.complaintsPerHundredCars',
            'schoolSearch.keySupervision',
          ]),
        filter,
      );
      switch (order.by) {
        case 'distance':
          q = q.orderBy(
            sql`ll_to_earth(school_search.latitude, school_search.longitude) <-> ll_to_earth(${order.lat}, ${order.lon})`,
          );
          break;
        case 'rating':
          q = q.orderBy(sql`school_search.rating DESC NULLS LAST`).orderBy('schoolSearch.schoolId');
          break;
        case 'price':
          q = q.orderBy(sql`school_search.min_price_fen ASC NULLS LAST`).orderBy('schoolSearch.schoolId');
          break;
        case 'passRate':
          q = q.orderBy(sql`school_search.pass_rate DESC NULLS LAST`).orderBy('schoolSearch.schoolId');
          break;
        case 'grade':
          // The list's order before search existed: best grade first, then by name.
          q = q.orderBy('schoolSearch.grade').orderBy('schoolSearch.name').orderBy('schoolSearch.schoolId');
          break;
      }
      return q.limit(limit).offset(offset);
    },

    findSchoolSummary(db: Kysely<DB>, schoolId: string) {
      return db.selectFrom('schoolSearch').selectAll().where('schoolId', '=', schoolId).executeTakeFirst();
    },

    findRating(db: Kysely<DB>, schoolId: string) {
      return db.selectFrom('schoolRatings').selectAll().where('schoolId', '=', schoolId).executeTakeFirst();
    },

    /** The school's key-supervision entry in effect on `day` (China time), kept by the supervision module. */
    findKeySupervision(db: Kysely<DB>, schoolId: string, day: string) {
      return db
        .selectFrom('keySupervisions')
        .select(['reason', 'fromDate as since'])
        .where('subject', '=', 'school')
        .where('schoolId', '=', schoolId)
        .where('fromDate', '<=', day)
        .where((eb) => eb.or([eb('untilDate', 'is', null), eb('untilDate', '>=', day)]))
        .where('liftedAt', 'is', null)
        .orderBy('fromDate')
        .executeTakeFirst();
    },

    findPublicCoaches(db: Kysely<DB>, schoolId: string) {
      // Public fields only: no identity number, no phone, no coach number.
      return db
        .selectFrom('coaches')
        .select(['id', 'name', 'gender', 'licenceClasses', 'hiredOn'])
        .where('schoolId', '=', schoolId)
        .where('status', '=', 'active')
        .orderBy('hiredOn')
        .orderBy('id')
        .execute();
    },

    findPublicVehicles(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('vehicles')
        .select(['plate', 'licenceClass', 'make', 'model'])
        .where('schoolId', '=', schoolId)
        .where('status', '=', 'active')
        .orderBy('licenceClass')
        .orderBy('plate')
        .execute();
    },

    findActiveTeachingAreas(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('teachingAreas')
        .select(['id', 'name', 'kind', 'licenceClasses', 'polygon', 'areaM2'])
        .where('schoolId', '=', schoolId)
        .where('status', '=', 'active')
        .orderBy('name')
        .execute();
    },

    findClassTypesOnSale(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('classTypes')
        .select(['id', 'name', 'licenceClass', 'priceFen', 'inclusions', 'description'])
        .where('schoolId', '=', schoolId)
        .where('status', '=', 'on_sale')
        .orderBy('priceFen')
        .orderBy('id')
        .execute();
    },

    findFees(db: Kysely<DB>, classTypeIds: string[]) {
      if (classTypeIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('classTypeFees')
        .select(['classTypeId', 'item', 'amountFen', 'kind', 'note'])
        .where('classTypeId', 'in', classTypeIds)
        .orderBy('classTypeId')
        .orderBy('position')
        .execute();
    },

    insertFees(
      db: Kysely<DB>,
      classTypeId: string,
      fees: Array<{ item: string; amountFen: number; kind: string; note: string }>,
    ) {
      if (fees.length === 0) return Promise.resolve();
      return db
        .insertInto('classTypeFees')
        .values(fees.map((f, position) => ({ classTypeId, position, ...f })))
        .execute()
        .then(() => undefined);
    },
  };
}

export type SchoolSearchRepository = ReturnType<typeof createSchoolSearchRepository>;
