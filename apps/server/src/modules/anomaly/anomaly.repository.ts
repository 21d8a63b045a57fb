/**
 * SQL of the anomaly module. Loading is batch-shaped: one statement fetches the positions (or minute
 * records, or fingerprints) of many sessions at once, joined to an `unnest` of the batch, so a bulk
 * run over a province-day costs a few statements per thousand sessions, not a few per session.
 * Writes go through `jsonb_to_recordset` of one parameter for the same reason.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { SessionPhoto } from './detectors.ts';

/** A terminal session as the scorer needs it (teaching log + its school's county). */
export type SessionRow = {
  id: string;
  schoolId: string;
  countyCode: string;
  terminalId: string;
  classroomId: number;
  traineeId: string;
  coachId: string | null;
  vehicleId: string | null;
  startedAt: Date;
  endedAt: Date;
};

/** One stored fix, times in epoch ms. */
export type PositionPoint = {
  atMs: number;
  receivedAtMs: number;
  latitude: number;
  longitude: number;
  speedKmh: number;
  recorderSpeedDecikmh: number | null;
  direction: number;
  statusBits: number;
  blind: boolean;
};

export type MinutePoint = {
  atMs: number;
  receivedAtMs: number;
  maxSpeedDecikmh: number;
  mileageDecikm: number;
  recorderSpeedDecikmh: number | null;
  engineRpm: number | null;
  latitude: number | null;
  longitude: number | null;
  blind: boolean;
};

export type IntervalRow = {
  id: string;
  source: string;
  traineeId: string;
  coachId: string | null;
  vehicleId: string | null;
  startedAt: Date;
  endedAt: Date;
};

export type FingerprintRow = {
  idx: number;
  teachingLogId: string;
  startedAt: Date;
  pathM: number;
  /** [latitude, longitude, elapsedS?] per sample (see anomaly.scorer.ts toStoredPoints). */
  points: number[][];
};

export type RiskWrite = {
  teachingLogId: string;
  schoolId: string;
  countyCode: string;
  sessionDay: string;
  startedAt: string;
  score: number;
  level: string;
  detectors: string[];
  contributions: unknown;
  rulesetVersion: string;
  computedAt: string;
};

export type FindingWrite = {
  teachingLogId: string;
  countyCode: string;
  sessionDay: string;
  detector: string;
  severity: string;
  score: number;
  counted: boolean;
  evidence: Record<string, number | string>;
  latitude: number | null;
  longitude: number | null;
  fromAt: string;
  toAt: string;
};

export type FingerprintWrite = {
  teachingLogId: string;
  vehicleId: string;
  startedAt: string;
  pathM: number;
  /** [latitude, longitude, elapsedS?] per sample (see anomaly.scorer.ts toStoredPoints). */
  points: number[][];
};

/** Longest a session may last for the overlap search (sessions are capped at 12 h). */
const MAX_SESSION_MS = 24 * 3_600_000;

const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

const nullableNumber = (field: string) => (field === '' ? null : Number(field));

/** Rows as one JSON parameter for `jsonb_to_recordset`, whose columns match snake_case top-level keys. */
function recordset(rows: readonly object[]): string {
  return JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
      ),
    ),
  );
}

export function createAnomalyRepository() {
  return {
    /** Queued sessions, oldest request first, with the database time of the read. */
    async findDue(db: Kysely<DB>, limit: number): Promise<{ ids: string[]; readAt: Date }> {
      const rows = await sql<{ teachingLogId: string; readAt: Date }>`
        SELECT teaching_log_id, now() AS read_at FROM anomaly_due ORDER BY due_at LIMIT ${limit}`.execute(db);
      return {
        ids: rows.rows.map((r) => r.teachingLogId),
        readAt: rows.rows[0]?.readAt ?? new Date(0),
      };
    },

    /** Removes requests served; one re-queued after `readAt` (a re-audit meanwhile) stays. */
    async clearDue(db: Kysely<DB>, ids: readonly string[], readAt: Date): Promise<void> {
      if (ids.length === 0) return;
      await sql`DELETE FROM anomaly_due WHERE teaching_log_id = ANY(${uuidArray(ids)})
        AND due_at <= ${readAt}`.execute(db);
    },

    /** Queues sessions for (re-)scoring: overlap partners of a newly scored session. */
    async enqueue(db: Kysely<DB>, ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await sql`INSERT INTO anomaly_due (teaching_log_id)
        SELECT unnest(${uuidArray(ids)}) ON CONFLICT (teaching_log_id) DO UPDATE SET due_at = now()`.execute(
        db,
      );
    },

    /** Terminal sessions with these ids (others, and logs not from a terminal, are left out). */
    async findSessions(db: Kysely<DB>, ids: readonly string[]): Promise<SessionRow[]> {
      if (ids.length === 0) return [];
      const rows = await sql<SessionRow>`
        SELECT t.id, t.school_id, s.county_code, t.terminal_id, t.classroom_id, t.trainee_id, t.coach_id,
               t.vehicle_id, t.started_at, t.ended_at
        FROM teaching_logs t JOIN schools s ON s.id = t.school_id
        WHERE t.id = ANY(${uuidArray(ids)}) AND t.source = 'terminal'
          AND t.terminal_id IS NOT NULL AND t.classroom_id IS NOT NULL
        ORDER BY t.started_at, t.id`.execute(db);
      return rows.rows.map((r) => ({ ...r, classroomId: Number(r.classroomId) }));
    },

    /**
     * Ids of audited terminal sessions starting in [from, to) in the region, in start order, after
     * `after` (keyset paging for bulk runs).
     */
    async findSessionIdsInRange(
      db: Kysely<DB>,
      range: { from: Date; to: Date; prefix: string; after?: { startedAt: Date; id: string } },
      limit: number,
    ): Promise<{ id: string; startedAt: Date }[]> {
      const after = range.after
        ? sql`AND (t.started_at, t.id) > (${range.after.startedAt}, ${range.after.id}::uuid)`
        : sql``;
      const rows = await sql<{ id: string; startedAt: Date }>`
        SELECT t.id, t.started_at FROM teaching_logs t JOIN schools s ON s.id = t.school_id
        WHERE t.started_at >= ${range.from} AND t.started_at < ${range.to} AND t.source = 'terminal'
          AND t.audited_at IS NOT NULL AND s.county_code LIKE ${`${range.prefix}%`} ${after}
        ORDER BY t.started_at, t.id LIMIT ${limit}`.execute(db);
      return rows.rows;
    },

    async countSessionsInRange(db: Kysely<DB>, range: { from: Date; to: Date; prefix: string }) {
      const row = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM teaching_logs t JOIN schools s ON s.id = t.school_id
        WHERE t.started_at >= ${range.from} AND t.started_at < ${range.to} AND t.source = 'terminal'
          AND t.audited_at IS NOT NULL AND s.county_code LIKE ${`${range.prefix}%`}`.execute(db);
      return Number(row.rows[0]?.n ?? 0);
    },

    /**
     * Every fix of every session in the batch (terminal, sign-in…sign-out span), in time order. One row
     * per session with its fixes packed as text (`;` between fixes, `,` between fields): parsing a few
     * thousand strings costs the driver far less than a row object per fix.
     */
    async findPositions(db: Kysely<DB>, sessions: readonly SessionRow[]): Promise<PositionPoint[][]> {
      if (sessions.length === 0) return [];
      const rows = await sql<{ idx: number; packed: string }>`
        SELECT b.idx::int AS idx, string_agg(concat_ws(',',
                 (extract(epoch FROM p.fix_time) * 1000)::bigint, (extract(epoch FROM p.received_at) * 1000)::bigint,
                 p.latitude, p.longitude, p.speed_kmh, COALESCE(p.recorder_speed_decikmh::text, ''),
                 p.direction, p.status_bits, p.blind::int), ';' ORDER BY p.fix_time) AS packed
        FROM unnest(${uuidArray(sessions.map((s) => s.terminalId))},
                    ${sessions.map((s) => s.startedAt.toISOString())}::timestamptz[],
                    ${sessions.map((s) => s.endedAt.toISOString())}::timestamptz[])
             WITH ORDINALITY AS b(terminal_id, from_at, to_at, idx)
        JOIN positions p ON p.terminal_id = b.terminal_id AND p.fix_time >= b.from_at AND p.fix_time <= b.to_at
        GROUP BY b.idx`.execute(db);
      const out: PositionPoint[][] = sessions.map(() => []);
      for (const { idx, packed } of rows.rows) {
        out[idx - 1] = packed.split(';').map((fix) => {
          const f = fix.split(',');
          return {
            atMs: Number(f[0]),
            receivedAtMs: Number(f[1]),
            latitude: Number(f[2]),
            longitude: Number(f[3]),
            speedKmh: Number(f[4]),
            recorderSpeedDecikmh: nullableNumber(f[5]!),
            direction: Number(f[6]),
            statusBits: Number(f[7]),
            blind: f[8] === '1',
          };
        });
      }
      return out;
    },

    /** The record times (epoch ms) of minutes the audit voided as outside the teaching area, per log. */
    async findOutsideFenceMinutes(
      db: Kysely<DB>,
      logIds: readonly string[],
    ): Promise<Map<string, Set<number>>> {
      const out = new Map<string, Set<number>>();
      if (logIds.length === 0) return out;
      const rows = await sql<{ teachingLogId: string; atMs: number }>`
        SELECT v.teaching_log_id, (extract(epoch FROM m.recorded_at) * 1000)::float8 AS at_ms
        FROM minute_verdicts v JOIN minute_records m ON m.record_number = v.record_number
        WHERE v.teaching_log_id = ANY(${uuidArray(logIds)}) AND 'outside_teaching_area' = ANY(v.reasons)`.execute(
        db,
      );
      for (const r of rows.rows) {
        const set = out.get(r.teachingLogId) ?? new Set<number>();
        set.add(r.atMs);
        out.set(r.teachingLogId, set);
      }
      return out;
    },

    /**
     * The complete photos of every session in the batch (its terminal and 课堂ID), in time order, each
     * with the earliest photo of another session whose bytes are the same (`content_sha256`, 0022).
     */
    async findPhotos(db: Kysely<DB>, sessions: readonly SessionRow[]): Promise<SessionPhoto[][]> {
      if (sessions.length === 0) return [];
      const rows = await sql<{
        idx: number;
        atMs: number;
        photoNumber: string;
        eventType: number;
        faceConfidence: number | null;
        latitude: number | null;
        longitude: number | null;
        samePhotoNumber: string | null;
        sameTerminalNumber: string | null;
        sameAtMs: number | null;
      }>`
        SELECT b.idx::int AS idx,
               (extract(epoch FROM coalesce(p.taken_at, p.received_at)) * 1000)::float8 AS at_ms,
               p.photo_number, p.event_type, p.face_confidence, p.latitude, p.longitude,
               o.photo_number AS same_photo_number, o.terminal_number AS same_terminal_number,
               o.at_ms AS same_at_ms
        FROM unnest(${uuidArray(sessions.map((s) => s.terminalId))}, ${sessions.map((s) => s.classroomId)}::int8[])
             WITH ORDINALITY AS b(terminal_id, classroom_id, idx)
        JOIN photos p ON p.terminal_id = b.terminal_id AND p.classroom_id = b.classroom_id
          AND p.status = 'complete'
        LEFT JOIN LATERAL (
          SELECT o.photo_number, t.terminal_number,
                 (extract(epoch FROM coalesce(o.taken_at, o.received_at)) * 1000)::float8 AS at_ms
          FROM photos o JOIN terminals t ON t.id = o.terminal_id
          WHERE o.content_sha256 = p.content_sha256
            AND NOT (o.terminal_id = p.terminal_id AND o.classroom_id = p.classroom_id)
          ORDER BY coalesce(o.taken_at, o.received_at) LIMIT 1
        ) o ON p.content_sha256 IS NOT NULL
        ORDER BY b.idx, at_ms, p.photo_number`.execute(db);
      const out: SessionPhoto[][] = sessions.map(() => []);
      for (const r of rows.rows) {
        out[r.idx - 1]!.push({
          atMs: r.atMs,
          photoNumber: r.photoNumber,
          eventType: r.eventType,
          faceConfidence: r.faceConfidence,
          latitude: r.latitude,
          longitude: r.longitude,
          sameAs:
            r.samePhotoNumber !== null && r.sameAtMs !== null
              ? {
                  photoNumber: r.samePhotoNumber,
                  terminalNumber: r.sameTerminalNumber ?? '',
                  atMs: r.sameAtMs,
                }
              : null,
        });
      }
      return out;
    },

    /** The minute records of every session in the batch, packed likewise. */
    async findMinutes(db: Kysely<DB>, sessions: readonly SessionRow[]): Promise<MinutePoint[][]> {
      if (sessions.length === 0) return [];
      const rows = await sql<{ idx: number; packed: string }>`
        SELECT b.idx::int AS idx, string_agg(concat_ws(',',
                 (extract(epoch FROM m.recorded_at) * 1000)::bigint,
                 (extract(epoch FROM m.received_at) * 1000)::bigint, m.max_speed_decikmh, m.mileage_decikm,
                 COALESCE(m.recorder_speed_decikmh::text, ''), COALESCE(m.engine_rpm::text, ''),
                 COALESCE(m.latitude::text, ''), COALESCE(m.longitude::text, ''), m.blind::int),
                 ';' ORDER BY m.recorded_at) AS packed
        FROM unnest(${uuidArray(sessions.map((s) => s.terminalId))},
                    ${sessions.map((s) => s.classroomId)}::int8[],
                    ${uuidArray(sessions.map((s) => s.traineeId))})
             WITH ORDINALITY AS b(terminal_id, classroom_id, trainee_id, idx)
        JOIN minute_records m ON m.terminal_id = b.terminal_id AND m.classroom_id = b.classroom_id
          AND m.trainee_id = b.trainee_id
        GROUP BY b.idx`.execute(db);
      const out: MinutePoint[][] = sessions.map(() => []);
      for (const { idx, packed } of rows.rows) {
        out[idx - 1] = packed.split(';').map((record) => {
          const f = record.split(',');
          return {
            atMs: Number(f[0]),
            receivedAtMs: Number(f[1]),
            maxSpeedDecikmh: Number(f[2]),
            mileageDecikm: Number(f[3]),
            recorderSpeedDecikmh: nullableNumber(f[4]!),
            engineRpm: nullableNumber(f[5]!),
            latitude: nullableNumber(f[6]!),
            longitude: nullableNumber(f[7]!),
            blind: f[8] === '1',
          };
        });
      }
      return out;
    },

    /**
     * Stored fingerprints of the same car's earlier sessions (within `lookbackMs`) whose path length is
     * within `lengthTolerance` of the batch session's (`pathM[i]`, null = no fingerprint): the replay
     * check compares only those, so a car's history is filtered in SQL, not shipped to JS.
     */
    async findEarlierFingerprints(
      db: Kysely<DB>,
      batch: readonly { vehicleId: string; startedAt: Date; pathM: number }[],
      excludeIds: readonly string[],
      lookbackMs: number,
      lengthTolerance: number,
    ): Promise<FingerprintRow[]> {
      if (batch.length === 0) return [];
      const rows = await sql<FingerprintRow>`
        SELECT b.idx::int AS idx, f.teaching_log_id, f.started_at, f.path_m, f.points
        FROM unnest(${uuidArray(batch.map((s) => s.vehicleId))},
                    ${batch.map((s) => s.startedAt.toISOString())}::timestamptz[],
                    ${batch.map((s) => s.pathM)}::float8[])
             WITH ORDINALITY AS b(vehicle_id, started_at, path_m, idx)
        JOIN session_fingerprints f ON f.vehicle_id = b.vehicle_id AND f.started_at < b.started_at
          AND f.started_at >= b.started_at - ${`${lookbackMs} milliseconds`}::interval
          AND f.path_m BETWEEN b.path_m * (1 - ${lengthTolerance}::float8) - 1
                           AND b.path_m / (1 - ${lengthTolerance}::float8) + 1
        WHERE f.teaching_log_id <> ALL(${uuidArray(excludeIds)})`.execute(db);
      return rows.rows;
    },

    /**
     * Teaching logs (any source: theory overlapping practice is 交叉培训) that overlap the batch's time
     * span and share a trainee, coach or car with one of its sessions.
     */
    async findOverlapCandidates(db: Kysely<DB>, sessions: readonly SessionRow[]): Promise<IntervalRow[]> {
      if (sessions.length === 0) return [];
      const from = Math.min(...sessions.map((s) => s.startedAt.getTime()));
      const to = Math.max(...sessions.map((s) => s.endedAt.getTime()));
      const ids = (pick: (s: SessionRow) => string | null) => [
        ...new Set(sessions.flatMap((s) => (pick(s) ? [pick(s)!] : []))),
      ];
      const rows = await sql<IntervalRow>`
        SELECT id, source, trainee_id, coach_id, vehicle_id, started_at, ended_at FROM teaching_logs
        WHERE started_at < ${new Date(to)} AND started_at > ${new Date(from - MAX_SESSION_MS)}
          AND ended_at > ${new Date(from)}
          AND (trainee_id = ANY(${uuidArray(ids((s) => s.traineeId))})
               OR coach_id = ANY(${uuidArray(ids((s) => s.coachId))})
               OR vehicle_id = ANY(${uuidArray(ids((s) => s.vehicleId))}))`.execute(db);
      return rows.rows;
    },

    /**
     * Of `pairs` (a scored session and the partner its overlap finding names), the partners already
     * scored whose stored findings do not yet name the session back: they must be scored again.
     */
    async partnersMissingFinding(
      db: Kysely<DB>,
      pairs: readonly { partnerId: string; sessionId: string; detector: string }[],
    ): Promise<string[]> {
      if (pairs.length === 0) return [];
      const rows = await sql<{ partnerId: string }>`
        SELECT DISTINCT p.partner_id FROM jsonb_to_recordset(${recordset(pairs)}::jsonb)
          AS p(partner_id uuid, session_id text, detector text)
        JOIN session_risks r ON r.teaching_log_id = p.partner_id
        WHERE NOT EXISTS (SELECT 1 FROM session_findings f WHERE f.teaching_log_id = p.partner_id
          AND f.detector = p.detector AND f.evidence ->> 'otherSessionId' = p.session_id)`.execute(db);
      return rows.rows.map((r) => r.partnerId);
    },

    /** Upserts the batch's risk rows; returns the ids that became high for the first time (now flagged). */
    async saveRisks(db: Kysely<DB>, risks: readonly RiskWrite[], now: Date): Promise<string[]> {
      if (risks.length === 0) return [];
      await sql`
        INSERT INTO session_risks (teaching_log_id, school_id, county_code, session_day, started_at, score,
          level, detectors, contributions, ruleset_version, computed_at)
        SELECT r.teaching_log_id, r.school_id, r.county_code, r.session_day, r.started_at, r.score, r.level,
               ARRAY(SELECT jsonb_array_elements_text(r.detectors)), r.contributions, r.ruleset_version,
               r.computed_at
        FROM jsonb_to_recordset(${recordset(risks)}::jsonb) AS r(teaching_log_id uuid, school_id uuid,
          county_code text, session_day date, started_at timestamptz, score int, level text, detectors jsonb,
          contributions jsonb, ruleset_version text, computed_at timestamptz)
        ORDER BY r.teaching_log_id
        ON CONFLICT (teaching_log_id) DO UPDATE SET school_id = excluded.school_id,
          county_code = excluded.county_code, session_day = excluded.session_day,
          started_at = excluded.started_at, score = excluded.score, level = excluded.level,
          detectors = excluded.detectors, contributions = excluded.contributions,
          ruleset_version = excluded.ruleset_version, computed_at = excluded.computed_at`.execute(db);
      const high = risks.filter((r) => r.level === 'high').map((r) => r.teachingLogId);
      if (high.length === 0) return [];
      const flagged = await sql<{ teachingLogId: string }>`
        UPDATE session_risks SET flagged_at = ${now}
        WHERE teaching_log_id = ANY(${uuidArray(high)}) AND flagged_at IS NULL
        RETURNING teaching_log_id`.execute(db);
      return flagged.rows.map((r) => r.teachingLogId);
    },

    /** Replaces the findings of the batch's sessions. */
    async replaceFindings(
      db: Kysely<DB>,
      sessionIds: readonly string[],
      findings: readonly FindingWrite[],
    ): Promise<void> {
      if (sessionIds.length === 0) return;
      await sql`DELETE FROM session_findings WHERE teaching_log_id = ANY(${uuidArray(sessionIds)})`.execute(
        db,
      );
      if (findings.length === 0) return;
      await sql`
        INSERT INTO session_findings (teaching_log_id, county_code, session_day, detector, severity, score,
          counted, evidence, latitude, longitude, from_at, to_at)
        SELECT * FROM jsonb_to_recordset(${recordset(findings)}::jsonb) AS f(teaching_log_id uuid,
          county_code text, session_day date, detector text, severity text, score int, counted boolean,
          evidence jsonb, latitude float8, longitude float8, from_at timestamptz, to_at timestamptz)`.execute(
        db,
      );
    },

    /** Stores (or replaces) the batch's fingerprints; sessions whose track is too short have none. */
    async saveFingerprints(
      db: Kysely<DB>,
      sessionIds: readonly string[],
      fingerprints: readonly FingerprintWrite[],
    ): Promise<void> {
      if (sessionIds.length === 0) return;
      const kept = new Set(fingerprints.map((f) => f.teachingLogId));
      const gone = sessionIds.filter((id) => !kept.has(id));
      if (gone.length > 0) {
        await sql`DELETE FROM session_fingerprints WHERE teaching_log_id = ANY(${uuidArray(gone)})`.execute(
          db,
        );
      }
      if (fingerprints.length === 0) return;
      await sql`
        INSERT INTO session_fingerprints (teaching_log_id, vehicle_id, started_at, path_m, points)
        SELECT * FROM jsonb_to_recordset(${recordset(fingerprints)}::jsonb) AS f(teaching_log_id uuid,
          vehicle_id uuid, started_at timestamptz, path_m int, points jsonb)
        ORDER BY f.teaching_log_id
        ON CONFLICT (teaching_log_id) DO UPDATE SET vehicle_id = excluded.vehicle_id,
          started_at = excluded.started_at, path_m = excluded.path_m, points = excluded.points`.execute(db);
    },
  };
}

export type AnomalyRepository = ReturnType<typeof createAnomalyRepository>;
