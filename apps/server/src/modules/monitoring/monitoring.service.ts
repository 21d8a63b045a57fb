import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { isInRegion, requirePermission, schoolScopeOf, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import { createMonitoringRepository, type RegionScope } from './monitoring.repository.ts';
import type { FenceQuery, LiveVehicle, TrackPoint, VehicleListQuery } from './monitoring.schemas.ts';

/**
 * A terminal that has not been heard from for this long is shown offline even if its status row still
 * says online (the gateway may have stopped without closing its sessions). Terminals send a heartbeat
 * at least every few minutes, so ten minutes of silence means the connection is gone.
 */
export const STALE_AFTER_MS = 10 * 60_000;
/** One answer carries at most this many cars; a province has a few thousand, a map shows them all. */
export const MAX_VEHICLES = 5000;
/** A recent track is thinned to about this many points: plenty for a line on a map. */
export const MAX_TRACK_POINTS = 500;
export const MAX_FENCES = 3000;
export const MAX_SCHOOLS = 5000;

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Read side of live monitoring: cars online, their recent tracks, sessions in progress, fences. */
export function createMonitoringService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps;
  const repo = createMonitoringRepository();

  /** Monitoring is a regulator's view of a region; anyone else is refused before any query runs. */
  function regionOf(actor: Actor): RegionScope {
    requirePermission(actor, Permission.regulatorMonitoringRead);
    const scope = schoolScopeOf(actor);
    if (scope.kind !== 'region') {
      throw new AppError('auth.forbidden', { message: 'monitoring needs a region scope' });
    }
    return { prefix: scope.prefix };
  }

  /** A school filter must name a school inside the region (regulators may learn it does not exist). */
  async function checkSchool(actor: Actor, scope: RegionScope, schoolId: string | undefined) {
    if (!schoolId) return;
    const school = await repo.findSchool(db, schoolId);
    if (!school) throw new AppError('registry.school_not_found');
    if (!school.countyCode.startsWith(scope.prefix)) {
      throw new AppError('auth.forbidden', { message: `school ${schoolId} outside ${actor.regionCode}` });
    }
  }

  /** Loads the terminal and checks its school is in the actor's region. */
  async function requireTerminal(actor: Actor, terminalId: string) {
    regionOf(actor);
    const terminal = await repo.findTerminalSchool(db, terminalId);
    // The registry answers an unknown car this way too; a terminal is the car's box.
    if (!terminal) throw new AppError('registry.vehicle_not_found');
    if (!actor.regionCode || !isInRegion(actor.regionCode, terminal.countyCode)) {
      throw new AppError('auth.forbidden', { message: `terminal ${terminalId} outside scope` });
    }
    return terminal;
  }

  async function listVehicles(actor: Actor, query: VehicleListQuery) {
    const scope = regionOf(actor);
    await checkSchool(actor, scope, query.schoolId);
    const now = clock.now();
    const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
    const filter = {
      ...(query.schoolId ? { schoolId: query.schoolId } : {}),
      ...(query.online ? { onlineOnly: true } : {}),
    };
    const [rows, counts] = await Promise.all([
      repo.findVehicles(db, scope, filter, staleBefore, MAX_VEHICLES + 1),
      repo.countVehicles(db, scope, filter, staleBefore),
    ]);
    const items: LiveVehicle[] = rows.slice(0, MAX_VEHICLES).map((r) => ({
      terminalId: r.terminalId,
      terminalNumber: r.terminalNumber,
      vehicleId: r.vehicleId,
      plate: r.plate,
      schoolId: r.schoolId,
      schoolName: r.schoolName,
      latitude: r.latitude,
      longitude: r.longitude,
      speedKmh: r.speedKmh,
      direction: r.direction,
      fixTime: iso(r.fixTime),
      online: r.online,
      lastSeenAt: iso(r.lastSeenAt),
      coachName: r.coachName,
      session:
        r.classroomId !== null && r.signedInAt && r.traineeName
          ? {
              classroomId: r.classroomId,
              signedInAt: iso(r.signedInAt)!,
              traineeName: r.traineeName,
              coachName: r.coachName ?? '',
            }
          : null,
    }));
    return { items, counts, truncated: rows.length > MAX_VEHICLES, serverTime: now.toISOString() };
  }

  async function getTrack(actor: Actor, terminalId: string, minutes: number) {
    await requireTerminal(actor, terminalId);
    const to = clock.now();
    const from = new Date(to.getTime() - minutes * 60_000);
    const rows = await repo.findTrack(db, terminalId, from, MAX_TRACK_POINTS);
    const points: TrackPoint[] = rows.map((r) => ({
      time: iso(r.fixTime)!,
      latitude: r.latitude,
      longitude: r.longitude,
      speedKmh: r.speedKmh,
    }));
    return {
      terminalId,
      from: from.toISOString(),
      to: to.toISOString(),
      totalPoints: rows[0] ? Number(rows[0].total) : 0,
      points,
    };
  }

  async function getCurrentSession(actor: Actor, terminalId: string) {
    await requireTerminal(actor, terminalId);
    const open = await repo.findOpenSession(db, terminalId);
    if (!open) return { terminalId, session: null };
    const minutes = await repo.countMinuteRecords(db, {
      terminalId,
      classroomId: open.classroomId,
      traineeId: open.traineeId,
    });
    return {
      terminalId,
      session: {
        classroomId: open.classroomId,
        courseCode: open.courseCode.trim(),
        signedInAt: iso(open.signedInAt)!,
        traineeId: open.traineeId,
        traineeName: open.traineeName,
        coachId: open.coachId,
        coachName: open.coachName,
        minuteRecords: minutes.records,
        lastRecordAt: iso(minutes.lastRecordAt),
        mileageDecikm: minutes.mileageDecikm,
      },
    };
  }

  async function listFences(actor: Actor, query: FenceQuery) {
    const scope = regionOf(actor);
    await checkSchool(actor, scope, query.schoolId);
    const { minLatitude, minLongitude, maxLatitude, maxLongitude } = query;
    const given = [minLatitude, minLongitude, maxLatitude, maxLongitude].filter((v) => v !== undefined);
    if (given.length !== 0 && given.length !== 4) {
      throw new AppError('request.invalid', {
        details: [
          { field: 'querystring', message: 'a bounding box needs all four of min/max latitude/longitude' },
        ],
      });
    }
    const box =
      minLatitude !== undefined &&
      minLongitude !== undefined &&
      maxLatitude !== undefined &&
      maxLongitude !== undefined
        ? { minLatitude, minLongitude, maxLatitude, maxLongitude }
        : undefined;
    if (box && (box.minLatitude > box.maxLatitude || box.minLongitude > box.maxLongitude)) {
      throw new AppError('request.invalid', {
        details: [{ field: 'querystring', message: 'minimum above maximum in the bounding box' }],
      });
    }
    const rows = await repo.findFences(
      db,
      scope,
      { ...(query.schoolId ? { schoolId: query.schoolId } : {}), ...(box ? { box } : {}) },
      MAX_FENCES + 1,
    );
    return {
      type: 'FeatureCollection' as const,
      features: rows.slice(0, MAX_FENCES).map((r) => ({
        type: 'Feature' as const,
        id: r.id,
        geometry: r.polygon as { type: 'Polygon'; coordinates: Array<Array<[number, number]>> },
        properties: {
          schoolId: r.schoolId,
          schoolName: r.schoolName,
          name: r.name,
          kind: r.kind as 'training_ground' | 'road_route',
        },
      })),
      truncated: rows.length > MAX_FENCES,
    };
  }

  async function listSchools(actor: Actor, schoolId: string | undefined) {
    const scope = regionOf(actor);
    await checkSchool(actor, scope, schoolId);
    return { items: await repo.findSchools(db, scope, schoolId, MAX_SCHOOLS) };
  }

  return { listVehicles, getTrack, getCurrentSession, listFences, listSchools };
}
export type MonitoringService = ReturnType<typeof createMonitoringService>;
