import { Type, type Static } from '@sinclair/typebox';
import { pageOf } from '../../shared/paging.ts';

const Level = Type.Union([
  Type.Literal('none'),
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
]);
const Day = Type.String({ format: 'date', description: 'Beijing calendar day, YYYY-MM-DD' });
const RegionCode = Type.String({
  pattern: '^[0-9]{6}$',
  description: 'narrow to a county/city inside your region',
});
const Detector = Type.String({
  pattern: '^[a-z-]{3,40}$',
  description: 'detector id, e.g. pulse-gnss-mismatch',
});

export const LogParamsSchema = Type.Object({ logId: Type.String({ format: 'uuid' }) });

export const SessionListQuerySchema = Type.Object({
  from: Day,
  to: Day,
  level: Type.Optional(
    Type.String({
      pattern: '^(none|low|medium|high)(,(none|low|medium|high))*$',
      description: 'comma-separated levels, e.g. high,medium',
    }),
  ),
  detector: Type.Optional(Detector),
  schoolId: Type.Optional(Type.String({ format: 'uuid' })),
  regionCode: Type.Optional(RegionCode),
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export type SessionListQueryInput = Static<typeof SessionListQuerySchema>;

export const FindingSchema = Type.Object({
  id: Type.Integer(),
  detector: Type.String(),
  severity: Type.String(),
  score: Type.Integer(),
  counted: Type.Boolean({
    description: 'its points entered the score (the strongest finding of its detector)',
  }),
  evidence: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), {
    description:
      'numbers (unit in the key name) and ids; worded by the UI catalogue anomaly.finding.<detector>',
  }),
  at: Type.Union([Type.Object({ latitude: Type.Number(), longitude: Type.Number() }), Type.Null()]),
  fromAt: Type.String({ format: 'date-time' }),
  toAt: Type.String({ format: 'date-time' }),
});

const SessionBase = {
  teachingLogId: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  countyCode: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.String({ format: 'date-time' }),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  level: Level,
  detectors: Type.Array(Type.String()),
  computedAt: Type.String({ format: 'date-time' }),
  flaggedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  rulesetVersion: Type.String(),
  traineeName: Type.Union([Type.String(), Type.Null()]),
  coachName: Type.Union([Type.String(), Type.Null()]),
  plate: Type.Union([Type.String(), Type.Null()]),
  verdict: Type.String({ description: "the audit's verdict of the teaching log" }),
};

export const SessionListItemSchema = Type.Object({
  ...SessionBase,
  findings: Type.Array(FindingSchema, { description: 'the counted finding of each detector' }),
});
export const SessionPageSchema = pageOf(SessionListItemSchema);

export const SessionDetailSchema = Type.Object({
  ...SessionBase,
  contributions: Type.Array(
    Type.Object({ detector: Type.String(), points: Type.Integer(), findings: Type.Integer() }),
  ),
  findings: Type.Array(FindingSchema),
});

export const MapQuerySchema = Type.Object({
  from: Day,
  to: Day,
  cellDeg: Type.Optional(Type.Number({ minimum: 0.001, maximum: 1, default: 0.01 })),
  detector: Type.Optional(Detector),
  regionCode: Type.Optional(RegionCode),
});

export const MapSchema = Type.Object({
  cellDeg: Type.Number(),
  cells: Type.Array(
    Type.Object({
      latitude: Type.Number({ description: 'cell centre' }),
      longitude: Type.Number({ description: 'cell centre' }),
      count: Type.Integer(),
      /** Distinct sessions the cell's findings came from. */
      sessions: Type.Integer(),
      byDetector: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
});

export const DailyQuerySchema = Type.Object({ from: Day, to: Day, regionCode: Type.Optional(RegionCode) });

export const DailySchema = Type.Object({
  days: Type.Array(
    Type.Object({
      day: Type.String(),
      scored: Type.Integer(),
      high: Type.Integer({ description: 'flagged: to manual review' }),
      medium: Type.Integer(),
      low: Type.Integer(),
    }),
  ),
});

export const RescoreSchema = Type.Object({ from: Day, to: Day, regionCode: Type.Optional(RegionCode) });

const RunStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
]);
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);

/** A bulk re-scoring run (anomaly_rescore_runs): queued by the route, executed by the jobs loop. */
export const RescoreRunSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  regionCode: Type.String({ description: 'the region re-scored (the caller’s or one inside it)' }),
  from: Type.String({ description: 'first Beijing day, YYYY-MM-DD' }),
  to: Type.String({ description: 'last Beijing day, YYYY-MM-DD' }),
  status: RunStatus,
  requestedBy: Type.Object({ userId: Type.String(), name: Type.String() }),
  sessionsExpected: Type.Integer({ description: 'sessions in range when the run was requested' }),
  sessionsScored: Type.Integer({ description: 'scored so far by the current attempt' }),
  batches: Type.Integer(),
  flagged: Type.Integer({ description: 'sessions newly flagged high by this run' }),
  levels: Type.Object({
    none: Type.Integer(),
    low: Type.Integer(),
    medium: Type.Integer(),
    high: Type.Integer(),
  }),
  attempts: Type.Integer({ description: 'times a jobs process started it (a crashed one is restarted)' }),
  rulesetVersion: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why it failed' }),
  createdAt: Instant,
  startedAt: NullableInstant,
  finishedAt: NullableInstant,
  updatedAt: Type.String({ format: 'date-time', description: 'last progress (the heartbeat)' }),
});

export const RescoreRunParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const RescoreRunListQuerySchema = Type.Object({
  regionCode: Type.Optional(RegionCode),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
});

export const RescoreRunListSchema = Type.Object({ items: Type.Array(RescoreRunSchema) });
