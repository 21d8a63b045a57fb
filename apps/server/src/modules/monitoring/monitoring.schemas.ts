import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Track windows longer than this are not a "recent" track; the teaching log (issue 4) serves history. */
export const MAX_TRACK_MINUTES = 240;

export const TerminalParamsSchema = Type.Object({ terminalId: Uuid });

export const VehicleListQuerySchema = Type.Object({
  online: Type.Optional(Type.Boolean()),
  schoolId: Type.Optional(Uuid),
});
export type VehicleListQuery = Static<typeof VehicleListQuerySchema>;

export const LiveSessionSummarySchema = Type.Object({
  classroomId: Type.Integer(),
  signedInAt: Timestamp,
  traineeName: Type.String(),
  coachName: Type.String(),
});

export const LiveVehicleSchema = Type.Object({
  terminalId: Type.String(),
  terminalNumber: Type.String(),
  vehicleId: Nullable(Type.String()),
  plate: Nullable(Type.String()),
  schoolId: Type.String(),
  schoolName: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  speedKmh: Nullable(Type.Number()),
  /** Degrees clockwise from north, 0–359. */
  direction: Nullable(Type.Integer()),
  fixTime: Nullable(Timestamp),
  online: Type.Boolean(),
  lastSeenAt: Nullable(Timestamp),
  /** The coach signed in on the terminal (the session's coach when a trainee is signed in). */
  coachName: Nullable(Type.String()),
  session: Nullable(LiveSessionSummarySchema),
});
export type LiveVehicle = Static<typeof LiveVehicleSchema>;

export const LiveVehicleListSchema = Type.Object({
  items: Type.Array(LiveVehicleSchema),
  counts: Type.Object({
    vehicles: Type.Integer(),
    online: Type.Integer(),
    inSession: Type.Integer(),
  }),
  /** True when the region has more reporting cars than one answer carries. */
  truncated: Type.Boolean(),
  serverTime: Timestamp,
});

export const TrackQuerySchema = Type.Object({
  minutes: Type.Integer({ minimum: 1, maximum: MAX_TRACK_MINUTES, default: 30 }),
});

export const TrackPointSchema = Type.Object({
  time: Timestamp,
  latitude: Type.Number(),
  longitude: Type.Number(),
  speedKmh: Type.Number(),
});
export type TrackPoint = Static<typeof TrackPointSchema>;

export const TrackSchema = Type.Object({
  terminalId: Type.String(),
  from: Timestamp,
  to: Timestamp,
  /** Fixes in the window before thinning; `points` keeps at most MAX_TRACK_POINTS of them. */
  totalPoints: Type.Integer(),
  points: Type.Array(TrackPointSchema),
});

export const CurrentSessionSchema = Type.Object({
  terminalId: Type.String(),
  session: Nullable(
    Type.Object({
      classroomId: Type.Integer(),
      courseCode: Type.String(),
      signedInAt: Timestamp,
      traineeId: Type.String(),
      traineeName: Type.String(),
      coachId: Type.String(),
      coachName: Type.String(),
      minuteRecords: Type.Integer(),
      lastRecordAt: Nullable(Timestamp),
      /** Sum of the minute records' mileage, in 1/10 km as terminals report it. */
      mileageDecikm: Type.Integer(),
    }),
  ),
});

export const FenceQuerySchema = Type.Object({
  schoolId: Type.Optional(Uuid),
  // A bounding box: all four or none.
  minLatitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  minLongitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  maxLatitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  maxLongitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
});
export type FenceQuery = Static<typeof FenceQuerySchema>;

// Output only: what the registry accepted when the area was filed (it validated closure and simplicity).
const PolygonGeometrySchema = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()]))),
});

export const FenceCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: PolygonGeometrySchema,
      properties: Type.Object({
        schoolId: Type.String(),
        schoolName: Type.String(),
        name: Type.String(),
        kind: Type.Union([Type.Literal('training_ground'), Type.Literal('road_route')]),
      }),
    }),
  ),
  truncated: Type.Boolean(),
});

export const SchoolQuerySchema = Type.Object({ schoolId: Type.Optional(Uuid) });

export const MonitoredSchoolListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      shortName: Type.String(),
      latitude: Type.Number(),
      longitude: Type.Number(),
    }),
  ),
});
