import { Type, type Static } from '@sinclair/typebox';

const IsoDate = Type.String({ format: 'date' });
const IsoDateTime = Type.String({ format: 'date-time' });
const Window = Type.Object({
  from: Type.String({ pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$' }),
  to: Type.String({ pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$' }),
});

export const SyllabusPartSchema = Type.Object({
  part: Type.Integer({ minimum: 1, maximum: 4 }),
  requiredMinutes: Type.Integer({ minimum: 0, maximum: 100_000 }),
  requiredMileageM: Type.Optional(Type.Integer({ minimum: 0 })),
  classroomMinMinutes: Type.Optional(Type.Integer({ minimum: 0 })),
  simulatorMaxMinutes: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const SyllabusVersionSchema = Type.Object({
  id: Type.String(),
  licenceClass: Type.String(),
  edition: Type.String(),
  effectiveFrom: IsoDate,
  minMileageM: Type.Integer(),
  parts: Type.Array(SyllabusPartSchema),
});

export const SyllabusQuerySchema = Type.Object({ on: Type.Optional(IsoDate) });

export const SyllabusSchema = Type.Object({
  provinceCode: Type.String(),
  on: IsoDate,
  classes: Type.Array(
    Type.Object({
      licenceClass: Type.String(),
      /** True when no version is in force on `on`: shown as missing, never guessed. */
      missing: Type.Boolean(),
      inForce: Type.Union([SyllabusVersionSchema, Type.Null()]),
      versions: Type.Array(SyllabusVersionSchema),
    }),
  ),
});

export const CreateSyllabusVersionSchema = Type.Object({
  licenceClass: Type.String({ minLength: 1, maxLength: 2 }),
  edition: Type.String({ minLength: 1, maxLength: 200 }),
  effectiveFrom: IsoDate,
  minMileageM: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  parts: Type.Array(SyllabusPartSchema, { minItems: 4, maxItems: 4 }),
});

export const AuditParamsPatchSchema = Type.Object(
  {
    windows: Type.Optional(
      Type.Object({
        practical: Type.Optional(Window),
        classroom: Type.Optional(Window),
        simulator: Type.Optional(Window),
        remote: Type.Optional(Window),
      }),
    ),
    maxStopMinutes: Type.Optional(Type.Integer()),
    dailyCapHours: Type.Optional(
      Type.Object({ practical: Type.Optional(Type.Integer()), theory: Type.Optional(Type.Integer()) }),
    ),
    minSessionMileageM: Type.Optional(Type.Integer()),
    photoIntervalMinutes: Type.Optional(Type.Integer()),
    validSharePercent: Type.Optional(Type.Integer()),
    creditFactor: Type.Optional(Type.Object({ numerator: Type.Integer(), denominator: Type.Integer() })),
    minEffectiveMinutesPerHour: Type.Optional(Type.Integer()),
    autoSignOutMinutes: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

const AuditParamsSchema = Type.Object({
  windows: Type.Object({ practical: Window, classroom: Window, simulator: Window, remote: Window }),
  maxStopMinutes: Type.Integer(),
  dailyCapHours: Type.Object({ practical: Type.Integer(), theory: Type.Integer() }),
  minSessionMileageM: Type.Integer(),
  photoIntervalMinutes: Type.Integer(),
  validSharePercent: Type.Integer(),
  creditFactor: Type.Object({ numerator: Type.Integer(), denominator: Type.Integer() }),
  minEffectiveMinutesPerHour: Type.Integer(),
  autoSignOutMinutes: Type.Integer(),
});

export const AuditRulesQuerySchema = Type.Object({
  cityCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  schoolId: Type.Optional(Type.String({ format: 'uuid' })),
});

export const AuditRulesSchema = Type.Object({
  cityCode: Type.String(),
  schoolId: Type.Union([Type.String(), Type.Null()]),
  versions: Type.Array(
    Type.Object({
      id: Type.String(),
      schoolId: Type.Union([Type.String(), Type.Null()]),
      version: Type.Integer(),
      effectiveFrom: IsoDateTime,
      params: AuditParamsSchema,
    }),
  ),
});

export const CreateAuditRuleSetSchema = Type.Object({
  cityCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  schoolId: Type.Optional(Type.String({ format: 'uuid' })),
  effectiveFrom: IsoDateTime,
  params: AuditParamsPatchSchema,
});

export const CreatedAuditRuleSetSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  logsToReaudit: Type.Integer(),
});

export const CreateSchoolSessionSchema = Type.Object({
  traineeId: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('classroom'), Type.Literal('simulator'), Type.Literal('remote')]),
  courseCode: Type.String({ pattern: '^[0-9]{10}$' }),
  startedAt: IsoDateTime,
  endedAt: IsoDateTime,
  coachId: Type.Optional(Type.String({ format: 'uuid' })),
});

export const ReasonCatalogueSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      scope: Type.Union([Type.Literal('minute'), Type.Literal('session')]),
      zh: Type.String(),
      en: Type.String(),
    }),
  ),
});

export type SyllabusQuery = Static<typeof SyllabusQuerySchema>;
