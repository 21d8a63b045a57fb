import { Type, type Static } from '@sinclair/typebox';
import { pageOf, PageQuerySchema } from '../../shared/paging.ts';

const Uuid = Type.String({ format: 'uuid' });
const LicenceClass = Type.String({ pattern: '^(A1|A2|A3|B1|B2|C1|C2|C3|C4|C5|D|E|F|M|N|P)$' });
const IsoDate = Type.String({ format: 'date' });
export const SchoolStatus = Type.Union(
  ['operating', 'enrolment_stopped', 'suspended', 'closed'].map((s) => Type.Literal(s)),
);

export const SchoolParamsSchema = Type.Object({ schoolId: Uuid });

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
});
export const RegionListSchema = Type.Object({ items: Type.Array(RegionSchema) });

export const SchoolListQuerySchema = Type.Composite([
  PageQuerySchema,
  Type.Object({
    countyCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
    licenceClass: Type.Optional(LicenceClass),
    q: Type.Optional(Type.String({ maxLength: 50 })),
  }),
]);
export type SchoolListQuery = Static<typeof SchoolListQuerySchema>;

export const SchoolSummarySchema = Type.Object({
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
  status: SchoolStatus,
  coachCount: Type.Integer(),
  vehicleCount: Type.Integer(),
  minPriceFen: Type.Union([Type.Integer(), Type.Null()]),
});
export const SchoolPageSchema = pageOf(SchoolSummarySchema);

export const SchoolCountsSchema = Type.Object({
  coaches: Type.Integer(),
  vehicles: Type.Integer(),
  terminals: Type.Integer(),
  teachingAreas: Type.Integer(),
  classTypes: Type.Integer(),
  trainees: Type.Integer(),
  recruitmentPoints: Type.Integer(),
});

export const SchoolDetailSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  creditCode: Type.String(),
  licenceNumber: Type.String(),
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
  counts: SchoolCountsSchema,
});

export const UpdateSchoolProfileSchema = Type.Object(
  {
    phone: Type.Optional(Type.String({ pattern: '^[0-9+-]{7,20}$' })),
    address: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    introduction: Type.Optional(Type.String({ maxLength: 5000 })),
    photos: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 30 })),
  },
  { minProperties: 1 },
);
export type UpdateSchoolProfile = Static<typeof UpdateSchoolProfileSchema>;

export const CoachSchema = Type.Object({
  id: Type.String(),
  coachNumber: Type.String(),
  name: Type.String(),
  gender: Type.Union([Type.Literal('male'), Type.Literal('female')]),
  idNumberMasked: Type.String(),
  phone: Type.String(),
  licenceClasses: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('left')]),
  hiredOn: Type.String(),
});
export const CoachPageSchema = pageOf(CoachSchema);
export const CreateCoachSchema = Type.Object({
  coachNumber: Type.String({ pattern: '^[0-9]{16}$' }),
  name: Type.String({ minLength: 2, maxLength: 30 }),
  gender: Type.Union([Type.Literal('male'), Type.Literal('female')]),
  idNumber: Type.String({ pattern: '^[0-9]{17}[0-9X]$' }),
  phone: Type.String({ pattern: '^1[3-9][0-9]{9}$' }),
  licenceClasses: Type.Array(LicenceClass, { minItems: 1, uniqueItems: true }),
  hiredOn: IsoDate,
});
export type CreateCoach = Static<typeof CreateCoachSchema>;

export const VehicleSchema = Type.Object({
  id: Type.String(),
  plate: Type.String(),
  licenceClass: Type.String(),
  make: Type.String(),
  model: Type.String(),
  inspectionValidUntil: Type.String(),
  lastMaintainedOn: Type.String(),
  status: Type.String(),
  terminalNumber: Type.Union([Type.String(), Type.Null()]),
});
export const VehiclePageSchema = pageOf(VehicleSchema);
export const CreateVehicleSchema = Type.Object({
  // 教练车 plates end in 学: province abbreviation, city letter, four characters, then 学.
  plate: Type.String({ pattern: '^[\\u4e00-\\u9fa5][A-Z][0-9A-Z]{4}学$' }),
  licenceClass: LicenceClass,
  make: Type.String({ minLength: 1, maxLength: 40 }),
  model: Type.String({ minLength: 1, maxLength: 40 }),
  inspectionValidUntil: IsoDate,
  lastMaintainedOn: IsoDate,
});
export type CreateVehicle = Static<typeof CreateVehicleSchema>;

export const TerminalSchema = Type.Object({
  id: Type.String(),
  terminalNumber: Type.String(),
  imei: Type.String(),
  simNumber: Type.String(),
  vehicleId: Type.Union([Type.String(), Type.Null()]),
  plate: Type.Union([Type.String(), Type.Null()]),
  maker: Type.String(),
  model: Type.String(),
  status: Type.String(),
});
export const TerminalPageSchema = pageOf(TerminalSchema);
export const CreateTerminalSchema = Type.Object({
  terminalNumber: Type.String({ pattern: '^[0-9A-Z]{16}$' }),
  imei: Type.String({ pattern: '^[0-9]{15}$' }),
  simNumber: Type.String({ pattern: '^[0-9]{11,13}$' }),
  vehicleId: Type.Optional(Uuid),
  maker: Type.String({ minLength: 1, maxLength: 40 }),
  model: Type.String({ minLength: 1, maxLength: 40 }),
});
export type CreateTerminal = Static<typeof CreateTerminalSchema>;

const Position = Type.Tuple([
  Type.Number({ minimum: -180, maximum: 180 }),
  Type.Number({ minimum: -90, maximum: 90 }),
]);
export const GeoJsonPolygonSchema = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Position, { minItems: 4, maxItems: 500 }), {
    minItems: 1,
    maxItems: 10,
  }),
});
export type GeoJsonPolygon = Static<typeof GeoJsonPolygonSchema>;

export const TeachingAreaSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('training_ground'), Type.Literal('road_route')]),
  licenceClasses: Type.Array(Type.String()),
  polygon: GeoJsonPolygonSchema,
  areaM2: Type.Integer(),
  status: Type.String(),
});
export const TeachingAreaPageSchema = pageOf(TeachingAreaSchema);
export const CreateTeachingAreaSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  kind: Type.Union([Type.Literal('training_ground'), Type.Literal('road_route')]),
  licenceClasses: Type.Array(LicenceClass, { minItems: 1, uniqueItems: true }),
  polygon: GeoJsonPolygonSchema,
});
export type CreateTeachingArea = Static<typeof CreateTeachingAreaSchema>;

export const ClassTypeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  licenceClass: Type.String(),
  priceFen: Type.Integer(),
  inclusions: Type.Array(Type.String()),
  description: Type.String(),
  status: Type.String(),
});
export const ClassTypePageSchema = pageOf(ClassTypeSchema);
export const CreateClassTypeSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  licenceClass: LicenceClass,
  priceFen: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  inclusions: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 }),
  description: Type.String({ maxLength: 2000, default: '' }),
  /** Every fee, in order; the included ones must add up to priceFen (checked by the service). */
  fees: Type.Optional(
    Type.Array(
      Type.Object({
        item: Type.String({ minLength: 1, maxLength: 40 }),
        amountFen: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
        kind: Type.Union([Type.Literal('included'), Type.Literal('extra')]),
        note: Type.String({ maxLength: 200, default: '' }),
      }),
      { maxItems: 30 },
    ),
  ),
});
export type CreateClassType = Static<typeof CreateClassTypeSchema>;

export const RecruitmentPointSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  countyCode: Type.String(),
  latitude: Type.Number(),
  longitude: Type.Number(),
  phone: Type.String(),
});
export const RecruitmentPointPageSchema = pageOf(RecruitmentPointSchema);
export const CreateRecruitmentPointSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  address: Type.String({ minLength: 2, maxLength: 200 }),
  countyCode: Type.String({ pattern: '^[0-9]{6}$' }),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  phone: Type.String({ pattern: '^[0-9+-]{7,20}$' }),
});
export type CreateRecruitmentPoint = Static<typeof CreateRecruitmentPointSchema>;

export const TraineeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  gender: Type.String(),
  idNumberMasked: Type.String(),
  phone: Type.String(),
  licenceClass: Type.String(),
  enrolledOn: Type.String(),
  status: Type.String(),
});
export const TraineePageSchema = pageOf(TraineeSchema);

export const CountyCountsSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  schools: Type.Integer(),
  coaches: Type.Integer(),
  vehicles: Type.Integer(),
  terminals: Type.Integer(),
  trainees: Type.Integer(),
});
export const OverviewSchema = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  counties: Type.Array(CountyCountsSchema),
  totals: Type.Object({
    schools: Type.Integer(),
    coaches: Type.Integer(),
    vehicles: Type.Integer(),
    terminals: Type.Integer(),
    trainees: Type.Integer(),
  }),
});
export type Overview = Static<typeof OverviewSchema>;
