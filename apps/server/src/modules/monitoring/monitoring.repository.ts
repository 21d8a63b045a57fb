import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** The region prefix (GB/T 2260) whose schools' cars an actor may watch. */
export type RegionScope = { prefix: string };

export type VehicleFilter = { schoolId?: string; onlineOnly?: boolean };

/**
 * A car counts as online only when the gateway says so AND it was heard from recently: if the server
 * stopped without marking its sessions closed, the stale `online = true` rows must not show as live.
 */
function onlineSince(staleBefore: Date) {
  return sql<boolean>`(terminal_status.online AND terminal_status.last_seen_at >= ${staleBefore})`;
}

export function createMonitoringRepository() {
  /** terminal_status rows of terminals whose school is in the region, with the car and school. */
  const statusInScope = (db: Kysely<DB>, scope: RegionScope, filter: VehicleFilter, staleBefore: Date) => {
    let q = db
      .selectFrom('terminalStatus')
      .innerJoin('terminals', 'terminals.id', 'terminalStatus.terminalId')
      .innerJoin('schools', 'schools.id', 'terminals.schoolId')
      .where('schools.countyCode', 'like', `${scope.prefix}%`);
    if (filter.schoolId) q = q.where('schools.id', '=', filter.schoolId);
    if (filter.onlineOnly) q = q.where(onlineSince(staleBefore));
    return q;
  };

  return {
    findVehicles(
      db: Kysely<DB>,
      scope: RegionScope,
      filter: VehicleFilter,
      staleBefore: Date,
      limit: number,
    ) {
      return statusInScope(db, scope, filter, staleBefore)
        .leftJoin('vehicles', 'vehicles.id', 'terminals.vehicleId')
        .leftJoinLateral(
          // The open trainee sign-in of this terminal, newest first: the session in progress.
          (eb) =>
            eb
              .selectFrom('traineeSignIns')
              .select([
                'traineeSignIns.classroomId',
                'traineeSignIns.signedInAt',
                'traineeSignIns.traineeId',
                'traineeSignIns.coachId',
              ])
              .whereRef('traineeSignIns.terminalId', '=', 'terminalStatus.terminalId')
              .where('traineeSignIns.signedOutAt', 'is', null)
              .orderBy('traineeSignIns.signedInAt', 'desc')
              .limit(1)
              .as('openSession'),
          (join) => join.onTrue(),
        )
        .leftJoin('trainees', 'trainees.id', 'openSession.traineeId')
        .leftJoin('coaches', (join) =>
          join.on('coaches.id', '=', sql<string>`coalesce(open_session.coach_id, terminal_status.coach_id)`),
        )
        .select([
          'terminalStatus.terminalId',
          'terminals.terminalNumber',
          'terminals.vehicleId',
          'vehicles.plate',
          'schools.id as schoolId',
          'schools.name as schoolName',
          'terminalStatus.latitude',
          'terminalStatus.longitude',
          'terminalStatus.speedKmh',
          'terminalStatus.direction',
          'terminalStatus.fixTime',
          'terminalStatus.lastSeenAt',
          onlineSince(staleBefore).as('online'),
          'coaches.name as coachName',
          'openSession.classroomId',
          'openSession.signedInAt',
          'trainees.name as traineeName',
        ])
        .orderBy('schools.name')
        .orderBy('terminals.terminalNumber')
        .limit(limit)
        .execute();
    },

    /** Cars reporting, online now, and online with a trainee signed in, over the same filter. */
    async countVehicles(db: Kysely<DB>, scope: RegionScope, filter: VehicleFilter, staleBefore: Date) {
      const online = onlineSince(staleBefore);
      const row = await statusInScope(db, scope, filter, staleBefore)
        .select([
          sql<number>`count(*)`.as('vehicles'),
          sql<number>`count(*) FILTER (WHERE ${online})`.as('online'),
          sql<number>`count(*) FILTER (WHERE ${online} AND EXISTS (
            SELECT 1 FROM trainee_sign_ins s
            WHERE s.terminal_id = terminal_status.terminal_id AND s.signed_out_at IS NULL))`.as('inSession'),
        ])
        .executeTakeFirstOrThrow();
      return { vehicles: Number(row.vehicles), online: Number(row.online), inSession: Number(row.inSession) };
    },

    /** The terminal's school, for the row-level scope check. */
    findTerminalSchool(db: Kysely<DB>, terminalId: string) {
      return db
        .selectFrom('terminals')
        .innerJoin('schools', 'schools.id', 'terminals.schoolId')
        .select(['terminals.id', 'schools.id as schoolId', 'schools.countyCode'])
        .where('terminals.id', '=', terminalId)
        .executeTakeFirst();
    },

    findSchool(db: Kysely<DB>, schoolId: string) {
      return db
        .selectFrom('schools')
        .select(['id', 'countyCode'])
        .where('id', '=', schoolId)
        .executeTakeFirst();
    },

    /**
     * Fixes since `from`, oldest first, thinned to about `maxPoints` by keeping every k-th one (and
     * always the newest, so the track ends where the car is). `total` is the count before thinning.
     */
    async findTrack(db: Kysely<DB>, terminalId: string, from: Date, maxPoints: number) {
      const result = await sql<{
        fixTime: Date;
        latitude: number;
        longitude: number;
        speedKmh: number;
        total: number;
      }>`
        WITH w AS (
          SELECT fix_time, latitude, longitude, speed_kmh,
                 row_number() OVER (ORDER BY fix_time) AS rn,
                 count(*) OVER () AS total
          FROM positions
          WHERE terminal_id = ${terminalId} AND fix_time >= ${from}
        )
        SELECT fix_time, latitude, longitude, speed_kmh, total
        FROM w
        WHERE (rn - 1) % ceil(total::numeric / ${maxPoints})::int = 0 OR rn = total
        ORDER BY fix_time
      `.execute(db);
      return result.rows;
    },

    findOpenSession(db: Kysely<DB>, terminalId: string) {
      return db
        .selectFrom('traineeSignIns')
        .innerJoin('trainees', 'trainees.id', 'traineeSignIns.traineeId')
        .innerJoin('coaches', 'coaches.id', 'traineeSignIns.coachId')
        .select([
          'traineeSignIns.classroomId',
          'traineeSignIns.courseCode',
          'traineeSignIns.signedInAt',
          'traineeSignIns.traineeId',
          'trainees.name as traineeName',
          'traineeSignIns.coachId',
          'coaches.name as coachName',
        ])
        .where('traineeSignIns.terminalId', '=', terminalId)
        .where('traineeSignIns.signedOutAt', 'is', null)
        .orderBy('traineeSignIns.signedInAt', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async countMinuteRecords(
      db: Kysely<DB>,
      session: { terminalId: string; classroomId: number; traineeId: string },
    ) {
      const row = await db
        .selectFrom('minuteRecords')
        .select([
          sql<number>`count(*)`.as('records'),
          sql<Date | null>`max(recorded_at)`.as('lastRecordAt'),
          sql<number>`coalesce(sum(mileage_decikm), 0)`.as('mileageDecikm'),
        ])
        .where('terminalId', '=', session.terminalId)
        .where('classroomId', '=', session.classroomId)
        .where('traineeId', '=', session.traineeId)
        .executeTakeFirstOrThrow();
      return {
        records: Number(row.records),
        lastRecordAt: row.lastRecordAt,
        mileageDecikm: Number(row.mileageDecikm),
      };
    },

    findFences(
      db: Kysely<DB>,
      scope: RegionScope,
      filter: {
        schoolId?: string;
        box?: { minLatitude: number; minLongitude: number; maxLatitude: number; maxLongitude: number };
      },
      limit: number,
    ) {
      let q = db
        .selectFrom('teachingAreas')
        .innerJoin('schools', 'schools.id', 'teachingAreas.schoolId')
        .select([
          'teachingAreas.id',
          'teachingAreas.name',
          'teachingAreas.kind',
          'teachingAreas.polygon',
          'schools.id as schoolId',
          'schools.name as schoolName',
        ])
        .where('schools.countyCode', 'like', `${scope.prefix}%`)
        .where('teachingAreas.status', '=', 'active');
      if (filter.schoolId) q = q.where('schools.id', '=', filter.schoolId);
      const box = filter.box;
      if (box) {
        // Boxes overlap unless one lies wholly beside the other (the stored box of the filed polygon).
        q = q
          .where('teachingAreas.maxLatitude', '>=', box.minLatitude)
          .where('teachingAreas.minLatitude', '<=', box.maxLatitude)
          .where('teachingAreas.maxLongitude', '>=', box.minLongitude)
          .where('teachingAreas.minLongitude', '<=', box.maxLongitude);
      }
      return q.orderBy('schools.name').orderBy('teachingAreas.name').limit(limit).execute();
    },

    findSchools(db: Kysely<DB>, scope: RegionScope, schoolId: string | undefined, limit: number) {
      let q = db
        .selectFrom('schools')
        .select(['id', 'name', 'shortName', 'latitude', 'longitude'])
        .where('countyCode', 'like', `${scope.prefix}%`)
        .where('status', '!=', 'closed');
      if (schoolId) q = q.where('id', '=', schoolId);
      return q.orderBy('name').limit(limit).execute();
    },
  };
}
export type MonitoringRepository = ReturnType<typeof createMonitoringRepository>;
