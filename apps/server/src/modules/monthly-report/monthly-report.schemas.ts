import { Type, type Static } from '@sinclair/typebox';
import { pageOf, PageQuerySchema } from '../../shared/paging.ts';
import { countFigures, sourceTables } from './report-form.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, China time' });
const RegionCode = Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 code; default: own region' });

const Count = Nullable(Type.Integer({ minimum: 0 }));

/** The figures of one row; null means the source table does not exist on this installation yet. */
export const FiguresSchema = Type.Object({
  existingSchools: Count,
  checkedSchools: Count,
  rectificationSchools: Count,
  interviewedAuthorities: Count,
  interviewedSchools: Count,
  enforcementCounties: Count,
  penalisedSchools: Count,
  penalisedCoaches: Count,
  teachingLogs: Count,
  reviewedLogs: Count,
  workOrdersPushed: Count,
  workOrdersDisposed: Count,
  workOrderDisposalRate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  keySupervisionSchools: Count,
  keySupervisionCoaches: Count,
});

const SourceTableSchema = Type.Union(sourceTables.map((t) => Type.Literal(t)));

export const ReportQuerySchema = Type.Object({ month: Month, region: Type.Optional(RegionCode) });
export type ReportQuery = Static<typeof ReportQuerySchema>;

export const ExportQuerySchema = Type.Object({
  month: Month,
  region: Type.Optional(RegionCode),
  submissionId: Type.Optional(Type.String({ format: 'uuid', description: 'export this submitted version' })),
});

export const MonthlyReportSchema = Type.Object({
  month: Type.String(),
  firstDay: Type.String(),
  lastDay: Type.String(),
  region: Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]),
  }),
  asOf: Type.String(),
  deadline: Type.String(),
  rows: Type.Array(
    Type.Object({ regionCode: Type.String(), regionName: Type.String(), figures: FiguresSchema }),
  ),
  total: Nullable(FiguresSchema),
  missingSources: Type.Array(SourceTableSchema),
  submission: Nullable(
    Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      submittedAt: Type.String(),
      submittedByName: Type.String(),
    }),
  ),
});

export const FigureSchema = Type.Union(countFigures.map((k) => Type.Literal(k)));

export const DrilldownQuerySchema = Type.Composite([
  Type.Object({ month: Month, region: Type.Optional(RegionCode), figure: FigureSchema }),
  PageQuerySchema,
]);

export const DrillItemSchema = Type.Object({
  key: Type.String(),
  at: Nullable(Type.String()),
  countyCode: Type.String(),
  countyName: Nullable(Type.String()),
  schoolId: Nullable(Type.String()),
  schoolName: Nullable(Type.String()),
  coachId: Nullable(Type.String()),
  coachName: Nullable(Type.String()),
  detail: Nullable(Type.String()),
  records: Type.Integer({ description: 'underlying rows this line stands for (e.g. actions on one school)' }),
});

export const DrilldownPageSchema = Type.Composite([
  pageOf(DrillItemSchema),
  Type.Object({ missing: Type.Boolean({ description: 'the source table does not exist yet' }) }),
]);

export const SubmitSchema = Type.Object({
  month: Month,
  reason: Type.Optional(Type.String({ maxLength: 500, description: 'required from the second version on' })),
});

export const SubmissionSchema = Type.Object({
  id: Type.String(),
  cityCode: Type.String(),
  month: Type.String(),
  version: Type.Integer(),
  reason: Nullable(Type.String()),
  submittedByName: Type.String(),
  submittedAt: Type.String(),
  onTime: Type.Boolean(),
});

export const SubmissionStatusSchema = Type.Object({
  month: Type.String(),
  deadline: Type.String(),
  deadlinePassed: Type.Boolean(),
  cities: Type.Array(
    Type.Object({
      cityCode: Type.String(),
      cityName: Type.String(),
      status: Type.Union([Type.Literal('submitted'), Type.Literal('late'), Type.Literal('missing')]),
      overdue: Type.Boolean(),
      latest: Nullable(SubmissionSchema),
      versions: Type.Array(SubmissionSchema),
    }),
  ),
});

export const IdParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) });
