import { Type, type Static } from '@sinclair/typebox';

const Day = Type.String({ format: 'date', description: 'A calendar day in China (+08:00), YYYY-MM-DD' });

/** The longest window the dashboard draws: a quarter, which still fits one chart per figure. */
export const MAX_DASHBOARD_DAYS = 92;

export const DashboardQuerySchema = Type.Object({
  from: Day,
  to: Day,
  /** A county or city inside the caller's region; the whole region when omitted. */
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
});
export type DashboardQuery = Static<typeof DashboardQuerySchema>;

export const DailyTrainingSchema = Type.Object({
  day: Day,
  sessions: Type.Integer(),
  trainees: Type.Integer(),
  creditedMinutes: Type.Integer(),
});

export const DailyAnomalySchema = Type.Object({
  day: Day,
  /** Sessions the detectors scored that day (by session start). */
  scored: Type.Integer(),
  /** …of which reached the high risk level. */
  flagged: Type.Integer(),
});

export const DailyComplaintSchema = Type.Object({
  day: Day,
  received: Type.Integer(),
  escalated: Type.Integer(),
});

export const WorkOrderFunnelSchema = Type.Object({
  pushed: Type.Integer(),
  disposed: Type.Integer(),
  closed: Type.Integer(),
  /** Open now and past their deadline (orders of the window). */
  overdue: Type.Integer(),
});

export const AnomalyCellSchema = Type.Object({
  latitude: Type.Number(),
  longitude: Type.Number(),
  findings: Type.Integer(),
  sessions: Type.Integer(),
});

export const DashboardSchema = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  from: Day,
  to: Day,
  totals: Type.Object({
    sessions: Type.Integer(),
    creditedMinutes: Type.Integer(),
    scoredSessions: Type.Integer(),
    flaggedSessions: Type.Integer(),
    complaints: Type.Integer(),
    /** Complaints of the region open now and past the school's or the regulator's deadline. */
    complaintsOverdueNow: Type.Integer(),
  }),
  training: Type.Array(DailyTrainingSchema),
  anomalies: Type.Array(DailyAnomalySchema),
  complaints: Type.Array(DailyComplaintSchema),
  workOrders: WorkOrderFunnelSchema,
  anomalyMap: Type.Array(AnomalyCellSchema),
});
export type Dashboard = Static<typeof DashboardSchema>;
