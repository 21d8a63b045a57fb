import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** One position fix as stored (0x0200, or one item of a 0x0704 batch). */
export type PositionRow = {
  terminalId: string;
  fixTime: Date;
  receivedAt: Date;
  latitude: number;
  longitude: number;
  altitude: number;
  speedKmh: number;
  direction: number;
  alarm: number;
  statusBits: number;
  blind: boolean;
  /** 行驶记录速度 in 0.1 km/h when the terminal reported it (the anomaly module's 跑马机 check). */
  recorderSpeedDecikmh?: number | null;
};

/** The live row of one terminal, as the map reads it. */
export type TerminalStatusRow = {
  terminalId: string;
  online: boolean;
  connectedAt: Date | null;
  disconnectedAt: Date | null;
  lastSeenAt: Date | null;
  remoteAddress: string | null;
  latitude: number | null;
  longitude: number | null;
  speedKmh: number | null;
  direction: number | null;
  fixTime: Date | null;
  alarm: number | null;
  statusBits: number | null;
  coachId: string | null;
  traineeId: string | null;
  classroomId: number | null;
};

/** The filed facts the gateway needs about a terminal, its car and school. */
export type TerminalIdentity = {
  id: string;
  schoolId: string;
  terminalNumber: string;
  imei: string;
  simNumber: string;
  status: string;
  vehicleId: string | null;
  plate: string | null;
  vehicleClass: string | null;
  countyCode: string;
  certificatePem: string | null;
  authCode: string | null;
  registeredAt: Date | null;
  protocolVariant: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A PostgreSQL array literal of values that never need quoting (uuids, t/f, and the finite numbers
 * the codec decodes from integer fields): one pass instead of the driver's per-element escaping.
 */
function plainArray<T>(rows: T[], value: (row: T) => string | number): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) out += (i === 0 ? '' : ',') + value(rows[i]!);
  return out + '}';
}

export function createTelemetryRepository() {
  const identityQuery = (db: Kysely<DB>) =>
    db
      .selectFrom('terminals')
      .innerJoin('schools', 'schools.id', 'terminals.schoolId')
      .leftJoin('vehicles', 'vehicles.id', 'terminals.vehicleId')
      .select([
        'terminals.id',
        'terminals.schoolId',
        'terminals.terminalNumber',
        'terminals.imei',
        'terminals.simNumber',
        'terminals.status',
        'terminals.vehicleId',
        'vehicles.plate',
        'vehicles.licenceClass as vehicleClass',
        'schools.countyCode',
        'terminals.certificatePem',
        'terminals.authCode',
        'terminals.registeredAt',
        'terminals.protocolVariant',
      ]);

  return {
    findTerminalByImei: (db: Kysely<DB>, imei: string): Promise<TerminalIdentity | undefined> =>
      identityQuery(db).where('terminals.imei', '=', imei).executeTakeFirst(),

    /** SIM numbers are filed without leading zeros; headers pad them to 12, 16 or 20 BCD digits. */
    findTerminalBySim: (db: Kysely<DB>, candidates: string[]): Promise<TerminalIdentity | undefined> =>
      identityQuery(db).where('terminals.simNumber', 'in', candidates).executeTakeFirst(),

    findTerminalById: (db: Kysely<DB>, id: string): Promise<TerminalIdentity | undefined> =>
      identityQuery(db).where('terminals.id', '=', id).executeTakeFirst(),

    findVehicleByPlate: (db: Kysely<DB>, plate: string) =>
      db
        .selectFrom('vehicles')
        .select(['id', 'schoolId', 'status'])
        .where('plate', '=', plate)
        .executeTakeFirst(),

    findTerminalOfVehicle: (db: Kysely<DB>, vehicleId: string) =>
      db.selectFrom('terminals').select(['id']).where('vehicleId', '=', vehicleId).executeTakeFirst(),

    markRegistered: (db: Kysely<DB>, terminalId: string, authCode: string, at: Date) =>
      db
        .updateTable('terminals')
        .set({ authCode, registeredAt: at, updatedAt: at })
        .where('id', '=', terminalId)
        .execute(),

    findStatus: (db: Kysely<DB>, terminalId: string): Promise<TerminalStatusRow | undefined> =>
      db
        .selectFrom('terminalStatus')
        .select([
          'terminalId',
          'online',
          'connectedAt',
          'disconnectedAt',
          'lastSeenAt',
          'remoteAddress',
          'latitude',
          'longitude',
          'speedKmh',
          'direction',
          'fixTime',
          'alarm',
          'statusBits',
          'coachId',
          'traineeId',
          'classroomId',
        ])
        .where('terminalId', '=', terminalId)
        .executeTakeFirst(),

    /**
     * One multi-row INSERT from parallel arrays (unnest), the same statement on PGlite and PostgreSQL.
     * Each array is one text parameter written here (`{1.5,2.5}`), not a JS array the driver escapes
     * element by element: a 2,000-row batch costs a few string joins on the gateway's event loop.
     * Times travel as epoch milliseconds. Rows go in key order, so concurrent batches that share a key
     * (a resend) take their locks in the same order and cannot deadlock. A fix already stored (same
     * terminal and fix time: a resend) is skipped. Returns rows inserted.
     */
    async insertPositions(db: Kysely<DB>, rows: PositionRow[]): Promise<number> {
      if (rows.length === 0) return 0;
      const result = await sql`
        INSERT INTO positions (terminal_id, fix_time, received_at, latitude, longitude, altitude,
                               speed_kmh, direction, alarm, status_bits, blind, recorder_speed_decikmh)
        SELECT u.terminal_id, to_timestamp(u.fix_ms / 1000), to_timestamp(u.received_ms / 1000),
               u.latitude, u.longitude, u.altitude, u.speed_kmh, u.direction, u.alarm, u.status_bits, u.blind,
               u.recorder_speed_decikmh
        FROM unnest(
          ${plainArray(rows, (r) => r.terminalId)}::uuid[],
          ${plainArray(rows, (r) => r.fixTime.getTime())}::float8[],
          ${plainArray(rows, (r) => r.receivedAt.getTime())}::float8[],
          ${plainArray(rows, (r) => r.latitude)}::float8[],
          ${plainArray(rows, (r) => r.longitude)}::float8[],
          ${plainArray(rows, (r) => r.altitude)}::int2[],
          ${plainArray(rows, (r) => r.speedKmh)}::float4[],
          ${plainArray(rows, (r) => r.direction)}::int2[],
          ${plainArray(rows, (r) => r.alarm)}::int8[],
          ${plainArray(rows, (r) => r.statusBits)}::int8[],
          ${plainArray(rows, (r) => (r.blind ? 't' : 'f'))}::bool[],
          ${plainArray(rows, (r) => r.recorderSpeedDecikmh ?? 'NULL')}::int4[]
        ) AS u(terminal_id, fix_ms, received_ms, latitude, longitude, altitude, speed_kmh, direction,
               alarm, status_bits, blind, recorder_speed_decikmh)
        ORDER BY u.terminal_id, u.fix_ms
        ON CONFLICT DO NOTHING
      `.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /** Upserts the live rows of many terminals in one statement (each terminal at most once). */
    async upsertStatuses(db: Kysely<DB>, rows: TerminalStatusRow[], now: Date): Promise<void> {
      if (rows.length === 0) return;
      await sql`
        INSERT INTO terminal_status (terminal_id, online, connected_at, disconnected_at, last_seen_at,
          remote_address, latitude, longitude, speed_kmh, direction, fix_time, alarm, status_bits,
          coach_id, trainee_id, classroom_id, updated_at)
        SELECT u.*, ${now.toISOString()}::timestamptz FROM unnest(
          ${rows.map((r) => r.terminalId)}::uuid[],
          ${rows.map((r) => r.online)}::bool[],
          ${rows.map((r) => iso(r.connectedAt))}::timestamptz[],
          ${rows.map((r) => iso(r.disconnectedAt))}::timestamptz[],
          ${rows.map((r) => iso(r.lastSeenAt))}::timestamptz[],
          ${rows.map((r) => r.remoteAddress)}::text[],
          ${rows.map((r) => r.latitude)}::float8[],
          ${rows.map((r) => r.longitude)}::float8[],
          ${rows.map((r) => r.speedKmh)}::float4[],
          ${rows.map((r) => r.direction)}::int2[],
          ${rows.map((r) => iso(r.fixTime))}::timestamptz[],
          ${rows.map((r) => r.alarm)}::int8[],
          ${rows.map((r) => r.statusBits)}::int8[],
          ${rows.map((r) => r.coachId)}::uuid[],
          ${rows.map((r) => r.traineeId)}::uuid[],
          ${rows.map((r) => r.classroomId)}::int8[]
        ) AS u
        ON CONFLICT (terminal_id) DO UPDATE SET
          online = excluded.online, connected_at = excluded.connected_at,
          disconnected_at = excluded.disconnected_at, last_seen_at = excluded.last_seen_at,
          remote_address = excluded.remote_address, latitude = excluded.latitude,
          longitude = excluded.longitude, speed_kmh = excluded.speed_kmh, direction = excluded.direction,
          fix_time = excluded.fix_time, alarm = excluded.alarm, status_bits = excluded.status_bits,
          coach_id = excluded.coach_id, trainee_id = excluded.trainee_id,
          classroom_id = excluded.classroom_id, updated_at = excluded.updated_at
      `.execute(db);
    },

    /** At start-up no session survives a restart: whatever was online is not any more. */
    markAllOffline: (db: Kysely<DB>, at: Date) =>
      db
        .updateTable('terminalStatus')
        .set({ online: false, disconnectedAt: at, updatedAt: at })
        .where('online', '=', true)
        .execute(),
  };
}

export type TelemetryRepository = ReturnType<typeof createTelemetryRepository>;
