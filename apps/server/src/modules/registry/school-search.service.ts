import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { chinaDate } from '../supervision/index.ts';
import type { SchoolSearchOrder, SchoolSearchRepository } from './school-search.repository.ts';
import type {
  ContactLinks,
  PublicSchoolItem,
  PublicSchoolProfile,
  PublicSchoolQuery,
  SchoolSort,
} from './school-search.schemas.ts';

/** Mean Earth radius (IUGG), metres. earthdistance's earth() is 6 378 168 m; we only order by it. */
const EARTH_RADIUS_M = 6_371_008.8;

/**
 * `total` is exact up to this many schools and reported as this many plus `totalCapped` beyond it: an
 * exact count of a broad filter would scan every school on every page, the one cost that grows with
 * the country, and nobody pages past 1,000 results.
 */
export const SEARCH_TOTAL_CAP = 1000;

/** Great-circle distance in metres (haversine) between two WGS-84 points. */
export function greatCircleM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Call and navigate links, built here so every client builds them the same way. Coordinates are the
 * filed WGS-84 ones; both map apps are told so (Amap `coordinate=wgs84`, Baidu `coord_type=wgs84`) and
 * convert to their own datum themselves, which is why we never send GCJ-02 or BD-09 figures.
 */
export function contactLinks(school: {
  name: string;
  phone: string;
  latitude: number;
  longitude: number;
}): ContactLinks {
  const name = encodeURIComponent(school.name);
  const { latitude: lat, longitude: lon } = school;
  return {
    tel: `tel:${school.phone.replace(/[^0-9+]/g, '')}`,
    geo: `geo:${lat},${lon}?q=${lat},${lon}(${name})`,
    amap: `https://uri.amap.com/marker?position=${lon},${lat}&name=${name}&coordinate=wgs84&src=jiapei`,
    baidu: `baidumap://map/marker?location=${lat},${lon}&title=${name}&content=${name}&coord_type=wgs84&src=jiapei`,
  };
}

/**
 * 教练车 plates are masked in the middle (鲁A12**学, 鲁A12***学 for 8-character ones): the province, city
 * letter, two characters and the 学 are enough to recognise the car one trains in, while the list is no
 * catalogue of every filed plate of a school, which a 套牌 (cloned-plate) black school would want.
 */
export function maskPlate(plate: string): string {
  const chars = [...plate];
  if (chars.length < 6) return '*'.repeat(chars.length);
  return [...chars.slice(0, 4), ...chars.slice(4, -1).map(() => '*'), chars.at(-1)].join('');
}

/** Whole years between the hiring date and today (China time). */
function yearsSince(isoDay: string, now: Date): number {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const [y1, m1, d1] = isoDay.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = today.split('-').map(Number) as [number, number, number];
  const years = y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
  return Math.max(0, years);
}

type PartRate = { part: number; attempts: number; passed: number; passRate: number | null };

/** Public search and the public school profile (issue 5). No actor: both are public. */
export function createSchoolSearchService(deps: {
  db: Kysely<DB>;
  search: SchoolSearchRepository;
  /** exam-link's public per-part figures (reused, not recomputed here). */
  publicPassRates: (schoolId: string) => Promise<{ parts: PartRate[] }>;
  clock: Clock;
  /** Defaults to SEARCH_TOTAL_CAP; tests lower it. */
  totalCap?: number;
}) {
  const { db, search, publicPassRates, clock } = deps;
  const totalCap = deps.totalCap ?? SEARCH_TOTAL_CAP;

  function orderOf(query: PublicSchoolQuery): SchoolSearchOrder {
    const hasPoint = query.lat !== undefined && query.lon !== undefined;
    const sort: SchoolSort = query.sort ?? (hasPoint ? 'distance' : 'grade');
    if (sort === 'distance') {
      if (!hasPoint) {
        throw new AppError('request.invalid', {
          message: 'sort=distance needs lat and lon',
          details: [{ field: 'sort', message: 'distance needs lat and lon' }],
        });
      }
      return { by: 'distance', lat: query.lat!, lon: query.lon! };
    }
    return { by: sort };
  }

  return {
    async findPublicSchools(query: PublicSchoolQuery) {
      if ((query.lat === undefined) !== (query.lon === undefined)) {
        throw new AppError('request.invalid', {
          message: 'lat and lon go together',
          details: [{ field: query.lat === undefined ? 'lat' : 'lon', message: 'lat and lon go together' }],
        });
      }
      const order = orderOf(query);
      const filter = {
        countyCode: query.district ?? query.countyCode,
        grade: query.grade,
        licenceClass: query.licenceClass,
        minPriceFen: query.minPriceFen,
        maxPriceFen: query.maxPriceFen,
        minRating: query.minRating,
        minPassRate: query.minPassRate,
        q: query.q,
      };
      const offset = (query.page - 1) * query.pageSize;
      const [total, rows] = await Promise.all([
        search.countSchools(db, filter, totalCap),
        search.schoolPageQuery(db, filter, order, offset, query.pageSize).execute(),
      ]);
      const items: PublicSchoolItem[] = rows.map((r) => ({
        id: r.id,
        name: r.name,
        shortName: r.shortName,
        grade: r.grade,
        licenceClasses: r.licenceClasses,
        countyCode: r.countyCode,
        countyName: r.countyName,
        address: r.address,
        latitude: r.latitude,
        longitude: r.longitude,
        phone: r.phone,
        status: r.status as PublicSchoolItem['status'],
        coachCount: r.coachCount,
        vehicleCount: r.vehicleCount,
        minPriceFen: r.minPriceFen,
        maxPriceFen: r.maxPriceFen,
        distanceM:
          query.lat !== undefined && query.lon !== undefined
            ? Math.round(greatCircleM(query.lat, query.lon, r.latitude, r.longitude))
            : null,
        rating: r.rating,
        ratingCount: r.ratingCount,
        passRate: r.passRate,
        examAttempts: r.examAttempts,
        complaintsPer100Cars: r.complaintsPerHundredCars,
        enrolmentStopped: r.status !== 'operating',
        keySupervision: r.keySupervision,
        links: contactLinks(r),
      }));
      return {
        items,
        total: Math.min(total, totalCap),
        totalCapped: total > totalCap,
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async getPublicProfile(schoolId: string): Promise<PublicSchoolProfile> {
      const summary = await search.findSchoolSummary(db, schoolId);
      const school = summary
        ? await db
            .selectFrom('schools')
            .innerJoin('regions', 'regions.code', 'schools.countyCode')
            .selectAll('schools')
            .select('regions.name as countyName')
            .where('schools.id', '=', schoolId)
            .executeTakeFirst()
        : undefined;
      if (!summary || !school) throw new AppError('registry.school_not_found');

      const [supervision, rating, coaches, vehicles, areas, classTypes, passRates] = await Promise.all([
        search.findKeySupervision(db, schoolId, chinaDate(clock.now())),
        search.findRating(db, schoolId),
        search.findPublicCoaches(db, schoolId),
        search.findPublicVehicles(db, schoolId),
        search.findActiveTeachingAreas(db, schoolId),
        search.findClassTypesOnSale(db, schoolId),
        publicPassRates(schoolId),
      ]);
      const fees = await search.findFees(
        db,
        classTypes.map((c) => c.id),
      );

      const warnings: PublicSchoolProfile['warnings'] = [];
      if (supervision) {
        warnings.push({ code: 'key_supervision', since: supervision.since, reason: supervision.reason });
      }
      if (school.status !== 'operating') {
        warnings.push({ code: school.status as 'enrolment_stopped', since: null, reason: null });
      }
      const now = clock.now();
      const photos = Array.isArray(school.photos)
        ? school.photos.filter((p): p is string => typeof p === 'string')
        : [];
      const hasRatings = (rating?.evaluationCount ?? 0) > 0;
      const round2 = (n: number | null | undefined) =>
        hasRatings && n !== null && n !== undefined ? Math.round(n * 100) / 100 : null;

      return {
        id: school.id,
        name: school.name,
        shortName: school.shortName,
        grade: school.grade,
        licenceClasses: school.licenceClasses,
        countyCode: school.countyCode,
        countyName: school.countyName,
        address: school.address,
        latitude: school.latitude,
        longitude: school.longitude,
        phone: school.phone,
        introduction: school.introduction,
        photos,
        status: school.status as PublicSchoolProfile['status'],
        warnings,
        links: contactLinks(school),
        teachingAreas: {
          type: 'FeatureCollection',
          features: areas.map((a) => ({
            type: 'Feature' as const,
            id: a.id,
            geometry: a.polygon as PublicSchoolProfile['teachingAreas']['features'][number]['geometry'],
            properties: { name: a.name, kind: a.kind, licenceClasses: a.licenceClasses, areaM2: a.areaM2 },
          })),
        },
        coaches: coaches.map((c) => ({
          id: c.id,
          name: c.name,
          gender: c.gender,
          licenceClasses: c.licenceClasses,
          yearsAtSchool: yearsSince(c.hiredOn, now),
        })),
        vehicles: vehicles.map((v) => ({
          plateMasked: maskPlate(v.plate),
          licenceClass: v.licenceClass,
          make: v.make,
          model: v.model,
        })),
        classTypes: classTypes.map((c) => ({
          ...c,
          fees: fees
            .filter((f) => f.classTypeId === c.id)
            .map((f) => ({ item: f.item, amountFen: f.amountFen, kind: f.kind as 'included', note: f.note })),
        })),
        passRates: passRates.parts,
        rating: {
          overall: round2(rating?.overallAvg),
          teaching: round2(rating?.teachingAvg),
          attitude: round2(rating?.attitudeAvg),
          car: round2(rating?.carAvg),
          environment: round2(rating?.environmentAvg),
          count: rating?.evaluationCount ?? 0,
        },
        complaints: {
          count: summary.complaintCount,
          per100Cars: summary.complaintsPerHundredCars,
          vehicleCount: summary.vehicleCount,
        },
      };
    },
  };
}

export type SchoolSearchService = ReturnType<typeof createSchoolSearchService>;
