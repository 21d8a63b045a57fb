import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { pageOf, PageQuerySchema } from '../../shared/paging.ts';
import { SchoolStatus, SchoolSummarySchema } from './registry.schemas.ts';

const LicenceClass = Type.String({ pattern: '^(A1|A2|A3|B1|B2|C1|C2|C3|C4|C5|D|E|F|M|N|P)$' });
const CountyCode = Type.String({ pattern: '^[0-9]{6}$' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const SchoolSortSchema = Type.Union(
  [
    Type.Literal('distance'),
    Type.Literal('rating'),
    Type.Literal('price'),
    Type.Literal('passRate'),
    Type.Literal('grade'),
  ],
  { description: 'distance needs lat and lon and is their default; without them the default is grade' },
);
export type SchoolSort = Static<typeof SchoolSortSchema>;

/** The public search. A superset of the old list query (countyCode, licenceClass, q still work). */
export const PublicSchoolQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 latitude' })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 longitude' })),
    district: Type.Optional(
      Type.String({ ...CountyCode, description: 'a county code; a city code (….00) means all its counties' }),
    ),
    countyCode: Type.Optional(Type.String({ ...CountyCode, description: 'the older name of district' })),
    grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, description: 'quality grade, 1 is best' })),
    licenceClass: Type.Optional(LicenceClass),
    minPriceFen: Type.Optional(
      Type.Integer({ minimum: 0, description: "lower bound of the school's lowest class-type price" }),
    ),
    maxPriceFen: Type.Optional(
      Type.Integer({ minimum: 0, description: "upper bound of the school's lowest class-type price" }),
    ),
    minRating: Type.Optional(Type.Number({ minimum: 1, maximum: 5 })),
    minPassRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    sort: Type.Optional(SchoolSortSchema),
  }),
]);
export type PublicSchoolQuery = Static<typeof PublicSchoolQuerySchema>;

export const ContactLinksSchema = Type.Object({
  tel: Type.String({ description: 'tel: URI of the school phone' }),
  geo: Type.String({ description: 'RFC 5870 geo: URI (WGS-84)' }),
  amap: Type.String({ description: 'Amap marker URL (coordinate=wgs84)' }),
  baidu: Type.String({ description: 'Baidu Maps app marker URI (coord_type=wgs84)' }),
});
export type ContactLinks = Static<typeof ContactLinksSchema>;

// A search result is the registry's school summary plus what the search adds.
export const PublicSchoolItemSchema = Type.Composite([
  SchoolSummarySchema,
  Type.Object({
    maxPriceFen: Nullable(Type.Integer()),
    /** Metres along the great circle from (lat, lon); null without them. */
    distanceM: Nullable(Type.Integer()),
    rating: Nullable(Type.Number({ description: 'average overall stars, null until evaluations exist' })),
    ratingCount: Type.Integer(),
    passRate: Nullable(Type.Number({ description: 'passed ÷ exam results over all parts; null with none' })),
    examAttempts: Type.Integer(),
    complaintsPer100Cars: Nullable(Type.Number()),
    enrolmentStopped: Type.Boolean(),
    keySupervision: Type.Boolean(),
    links: ContactLinksSchema,
  }),
]);
export type PublicSchoolItem = Static<typeof PublicSchoolItemSchema>;
export const PublicSchoolPageSchema = Type.Composite([
  pageOf(PublicSchoolItemSchema),
  Type.Object({
    totalCapped: Type.Boolean({
      description: 'true when more schools match than total says (total is the cap)',
    }),
  }),
]);

const Position = Type.Tuple([Type.Number(), Type.Number()]);
export const TeachingAreaCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Type.Object({
        type: Type.Literal('Polygon'),
        coordinates: Type.Array(Type.Array(Position)),
      }),
      properties: Type.Object({
        name: Type.String(),
        kind: Type.String(),
        licenceClasses: Type.Array(Type.String()),
        areaM2: Type.Integer(),
      }),
    }),
  ),
});

export const FeeSchema = Type.Object({
  item: Type.String(),
  amountFen: Type.Integer(),
  kind: Type.Union([Type.Literal('included'), Type.Literal('extra')]),
  note: Type.String(),
});

export const WarningSchema = Type.Object({
  code: Type.Union(
    ['key_supervision', 'enrolment_stopped', 'suspended', 'closed'].map((c) => Type.Literal(c)),
  ),
  since: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});

const PartRate = Type.Object({
  part: Type.Integer(),
  attempts: Type.Integer(),
  passed: Type.Integer(),
  passRate: Nullable(Type.Number()),
});

export const PublicSchoolProfileSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  grade: Type.Integer(),
  licenceClasses: Type.Array(Type.String()),
  countyCode: Type.String(),
  countyName: Type.String(),
  address: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  phone: Type.String(),
  introduction: Type.String(),
  photos: Type.Array(Type.String()),
  status: SchoolStatus,
  warnings: Type.Array(WarningSchema),
  links: ContactLinksSchema,
  teachingAreas: TeachingAreaCollectionSchema,
  coaches: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      gender: Type.String(),
      licenceClasses: Type.Array(Type.String()),
      yearsAtSchool: Type.Integer(),
    }),
  ),
  vehicles: Type.Array(
    Type.Object({
      plateMasked: Type.String({ description: 'first four characters and the last; the rest are *' }),
      licenceClass: Type.String(),
      make: Type.String(),
      model: Type.String(),
    }),
  ),
  classTypes: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      licenceClass: Type.String(),
      priceFen: Type.Integer(),
      inclusions: Type.Array(Type.String()),
      description: Type.String(),
      fees: Type.Array(FeeSchema),
    }),
  ),
  passRates: Type.Array(PartRate),
  rating: Type.Object({
    overall: Nullable(Type.Number()),
    teaching: Nullable(Type.Number()),
    attitude: Nullable(Type.Number()),
    car: Nullable(Type.Number()),
    environment: Nullable(Type.Number()),
    count: Type.Integer(),
  }),
  complaints: Type.Object({
    count: Nullable(Type.Integer()),
    per100Cars: Nullable(Type.Number()),
    vehicleCount: Type.Integer(),
  }),
});
export type PublicSchoolProfile = Static<typeof PublicSchoolProfileSchema>;
