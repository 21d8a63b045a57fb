/**
 * Measurement worker for bench/audit.bench.ts (bench/ never imports apps/*, so it runs this file as a
 * process and reads the JSON it prints on its last line). Two figures:
 *
 * 1. `pure`: minute records audited per second by `auditTraineeSessions` on one core, fence check
 *    included (a 7-point ground and a 60-point road corridor, as the demo schools file), over a
 *    province-day of `AUDIT_BENCH_PROVINCE_MINUTES` (4.8 million) in chunks; only the audit is timed.
 * 2. `reaudit`: one city-month in a fresh database (PGlite in memory, or PostgreSQL when
 *    AUDIT_BENCH_DATABASE_URL is set): assemble + audit everything, then a new city rule set and the
 *    re-audit of every affected log, timed separately.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { connectPglite, connectPostgres } from '../../db/connect.ts';
import { auditTraineeSessions, type AuditMinute, type AuditPhoto, type AuditSession } from './audit.ts';
import { DEFAULT_AUDIT_PARAMS } from './audit-params.ts';
import { prepareFence, type GeoJsonPolygonLike } from './fence.ts';

const MINUTE = 60_000;
const CENTRE: [number, number] = [117.005, 36.605];

function groundRing(points: number, radiusDeg: number): number[][] {
  const ring = Array.from({ length: points }, (_, k) => {
    const a = (2 * Math.PI * k) / points;
    return [CENTRE[0] + radiusDeg * Math.cos(a), CENTRE[1] + radiusDeg * 0.8 * Math.sin(a)];
  });
  return [...ring, ring[0]!];
}

function corridorRing(points: number): number[][] {
  const left: number[][] = [];
  const right: number[][] = [];
  for (let k = 0; k < points / 2; k++) {
    const x = CENTRE[0] + 0.004 + k * 0.0004;
    const y = CENTRE[1] + 0.0005 * Math.sin(k / 4);
    left.push([x, y + 0.0002]);
    right.push([x, y - 0.0002]);
  }
  const ring = [...left, ...right.reverse()];
  return [...ring, ring[0]!];
}

const polygons: GeoJsonPolygonLike[] = [
  { type: 'Polygon', coordinates: [groundRing(7, 0.003)] },
  { type: 'Polygon', coordinates: [corridorRing(60)] },
];

/** Sessions of 60 minutes, 4 per trainee (one day), about 8 % of minutes out of the fence. */
function makeTrainees(count: number, seed: number): AuditSession[][] {
  const fence = prepareFence(polygons);
  const day = Date.parse('2026-11-02T00:00:00+08:00');
  const trainees: AuditSession[][] = [];
  let r = seed;
  const rand = () => {
    r = (r * 1_103_515_245 + 12_345) % 2_147_483_648;
    return r / 2_147_483_648;
  };
  for (let t = 0; t < count; t++) {
    const sessions: AuditSession[] = [];
    for (let k = 0; k < 4; k++) {
      const start = day + (8 + k * 3) * 3_600_000;
      const minutes: AuditMinute[] = [];
      const out = rand() < 0.3 ? Math.floor(rand() * 40) : -100;
      for (let i = 0; i < 60; i++) {
        const a = (i / 60) * 2 * Math.PI;
        const outside = i >= out && i < out + 15;
        minutes.push({
          recordNumber: `T${t}-${k}-${i}`,
          atMs: start + i * MINUTE,
          maxSpeedDecikmh: rand() < 0.03 ? 0 : 200,
          mileageDecikm: 3,
          recorderSpeedDecikmh: 200,
          engineRpm: 1500,
          latitude: outside ? CENTRE[1] + 0.01 : CENTRE[1] + 0.002 * Math.sin(a),
          longitude: outside ? CENTRE[0] + 0.01 : CENTRE[0] + 0.002 * Math.cos(a),
          override: null,
        });
      }
      const photos: AuditPhoto[] = [0, 15, 30, 45, 60].map((m) => ({
        eventType: m === 0 ? 17 : m === 60 ? 18 : 19,
        takenAtMs: start + m * MINUTE,
        usable: true,
      }));
      sessions.push({
        id: `${t}-${k}`,
        source: 'terminal',
        method: 1,
        licenceClass: 'C1',
        startedAtMs: start,
        endedAtMs: start + 60 * MINUTE,
        minutes,
        photos,
        coach: { status: 'active', licenceClasses: ['C1'] },
        vehicle: { status: 'active', licenceClass: 'C1', inspectionValidUntil: '2027-12-31' },
        fence,
        params: DEFAULT_AUDIT_PARAMS,
      });
    }
    trainees.push(sessions);
  }
  return trainees;
}

function measurePure(totalMinutes: number) {
  const perChunk = 1000 * 4 * 60;
  let audited = 0;
  let auditMs = 0;
  let valid = 0;
  // Warm-up so the JIT has compiled the hot path before timing.
  for (const t of makeTrainees(200, 1)) auditTraineeSessions(t);
  for (let chunk = 0; audited < totalMinutes; chunk++) {
    const trainees = makeTrainees(Math.min(1000, Math.ceil((totalMinutes - audited) / 240)), chunk + 7);
    const started = performance.now();
    for (const t of trainees) {
      for (const r of auditTraineeSessions(t)) valid += r.validMinutes;
    }
    auditMs += performance.now() - started;
    audited += trainees.length * 240;
    void perChunk;
  }
  return {
    minutes: audited,
    auditSeconds: auditMs / 1000,
    minutesPerSecond: Math.round(audited / (auditMs / 1000)),
    validShare: valid / audited,
  };
}

async function measureReaudit(options: { terminals: number; days: number; url?: string }) {
  const handle = options.url ? await connectPostgres(options.url, 4) : await connectPglite('memory://');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DEMO_FLEET: 'false',
    GATEWAY_PORT: '0',
  });
  const app = await createApp(config, { handle });
  const db = app.db;
  try {
    await sql`
      INSERT INTO regions (code, name, level, parent_code) VALUES
        ('370000', '山东省', 'province', NULL), ('370100', '济南市', 'city', '370000'),
        ('370102', '历下区', 'county', '370100')
      ON CONFLICT DO NOTHING`.execute(db);
    const school = await sql<{ id: string }>`
      INSERT INTO schools (name, short_name, credit_code, licence_number, grade, licence_classes, county_code,
                           address, latitude, longitude, phone)
      VALUES ('压测驾校', '压测', '913701020000BENCH1', 'BENCH-1', 1, '{C1}', '370102', '压测路1号', 36.605, 117.005,
              '0531-80000000')
      RETURNING id`.execute(db);
    const schoolId = school.rows[0]!.id;
    const T = options.terminals;
    await sql`
      INSERT INTO teaching_areas (school_id, name, kind, licence_classes, polygon, min_latitude, min_longitude,
                                  max_latitude, max_longitude, area_m2)
      VALUES (${schoolId}, '压测训练场', 'training_ground', '{C1}', ${JSON.stringify(polygons[0])}::jsonb,
              36.6, 117.0, 36.61, 117.01, 300000),
             (${schoolId}, '压测道路', 'road_route', '{C1}', ${JSON.stringify(polygons[1])}::jsonb,
              36.6, 117.0, 36.61, 117.03, 20000)`.execute(db);
    await sql`
      INSERT INTO coaches (school_id, coach_number, name, gender, id_number_cipher, id_number_hash, id_number_masked,
                           phone, licence_classes, hired_on)
      SELECT ${schoolId}, '7' || lpad(g::text, 15, '0'), '压测教练' || g, 'male', 'x', lpad(g::text, 64, 'c'), 'masked',
             '13900000000', '{C1}', '2020-01-01'
      FROM generate_series(1, ${T}) g`.execute(db);
    await sql`
      INSERT INTO vehicles (school_id, plate, licence_class, make, model, inspection_valid_until, last_maintained_on)
      SELECT ${schoolId}, '鲁A' || lpad(g::text, 5, '0') || '学', 'C1', '压测', '压测', '2027-12-31', '2026-10-01'
      FROM generate_series(1, ${T}) g`.execute(db);
    await sql`
      INSERT INTO terminals (school_id, terminal_number, imei, sim_number, vehicle_id, maker, model)
      SELECT ${schoolId}, 'BENCH' || lpad(v.n::text, 11, '0'), '99' || lpad(v.n::text, 13, '0'),
             '1999' || lpad(v.n::text, 9, '0'), v.id, 'BENCH', 'BENCH'
      FROM (SELECT id, row_number() OVER (ORDER BY plate) AS n FROM vehicles WHERE school_id = ${schoolId}) v`.execute(
      db,
    );
    // Four trainees per car, each always in the same slot: 08:00, 10:00, 13:00, 15:00 (+08:00).
    await sql`
      INSERT INTO trainees (school_id, name, gender, id_number_cipher, id_number_hash, id_number_masked, phone,
                            licence_class, enrolled_on, trainee_number)
      SELECT ${schoolId}, '压测学员' || g, 'female', 'x', lpad(g::text, 64, 't'), 'masked', '13800000000', 'C1',
             '2026-09-01', '3701022026' || lpad(g::text, 6, '0')
      FROM generate_series(1, ${T * 4}) g`.execute(db);
    const started = performance.now();
    await sql`
      INSERT INTO trainee_sign_ins (terminal_id, vehicle_id, trainee_id, coach_id, classroom_id, course_code,
                                    signed_in_at, signed_out_at)
      SELECT t.id, t.vehicle_id, tr.id, c.id, d * 10 + k, '1212120000',
             timestamptz '2026-10-01 00:00:00+08' + d * interval '1 day' + (ARRAY[8, 10, 13, 15])[k + 1] * interval '1 hour',
             timestamptz '2026-10-01 01:00:00+08' + d * interval '1 day' + (ARRAY[8, 10, 13, 15])[k + 1] * interval '1 hour'
      FROM (SELECT id, vehicle_id, row_number() OVER (ORDER BY terminal_number) AS n FROM terminals) t
      JOIN (SELECT id, row_number() OVER (ORDER BY coach_number) AS n FROM coaches) c ON c.n = t.n
      CROSS JOIN generate_series(0, ${options.days - 1}) d
      CROSS JOIN generate_series(0, 3) k
      JOIN (SELECT id, row_number() OVER (ORDER BY trainee_number) AS n FROM trainees) tr ON tr.n = (t.n - 1) * 4 + k + 1`.execute(
      db,
    );
    await sql`
      INSERT INTO minute_records (record_number, terminal_id, vehicle_id, trainee_id, coach_id, classroom_id,
                                  recorded_at, course_code, record_status, max_speed_decikmh, mileage_decikm,
                                  latitude, longitude, report_type, engine_rpm, recorder_speed_decikmh)
      SELECT t.terminal_number || to_char(s.signed_in_at AT TIME ZONE 'Asia/Shanghai', 'YYMMDD')
               || lpad(((s.classroom_id % 10) * 60 + i + 1)::text, 4, '0'),
             s.terminal_id, s.vehicle_id, s.trainee_id, s.coach_id, s.classroom_id,
             s.signed_in_at + i * interval '1 minute', s.course_code, 0,
             CASE WHEN (i * 7 + s.classroom_id) % 31 = 0 THEN 0 ELSE 200 END, 3,
             CASE WHEN (s.classroom_id + i / 15) % 10 = 0 THEN 36.62 ELSE 36.605 + 0.002 * sin(i / 9.5) END,
             117.005 + 0.002 * cos(i / 9.5), 1, 1500, 200
      FROM trainee_sign_ins s JOIN terminals t ON t.id = s.terminal_id
      CROSS JOIN generate_series(0, 59) i`.execute(db);
    await sql`
      INSERT INTO photos (terminal_id, photo_number, person_number, upload_mode, channel, size_code, event_type,
                          classroom_id, taken_at, byte_size, packets_total, status)
      SELECT s.terminal_id, lpad((s.classroom_id * 10 + p)::text, 10, '0'), '0000000000000000', 129, 1, 1,
             CASE p WHEN 0 THEN 17 WHEN 4 THEN 18 ELSE 19 END, s.classroom_id,
             s.signed_in_at + p * interval '15 minutes', 0, 0, 'complete'
      FROM trainee_sign_ins s CROSS JOIN generate_series(0, 4) p`.execute(db);
    const generatedMs = performance.now() - started;
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM minute_records`.execute(db);
    const minutes = count.rows[0]!.n;

    const firstStarted = performance.now();
    while ((await app.trainingHours.assembleFinishedSessions(2000)) > 0);
    while ((await app.trainingHours.auditDue(100)) > 0);
    const firstMs = performance.now() - firstStarted;

    const user = await sql<{ id: string }>`
      INSERT INTO users (username, password_hash, display_name, role, region_code)
      VALUES ('bench-city', 'x', '压测市局', 'regulator_city', '370100') RETURNING id`.execute(db);
    const actor = {
      userId: user.rows[0]!.id,
      username: 'bench-city',
      role: 'regulator_city' as const,
      regionCode: '370100',
      schoolId: null,
      coachId: null,
      traineeId: null,
    };
    const reauditStarted = performance.now();
    const rule = await app.trainingHours.createAuditRuleSet(actor, {
      effectiveFrom: '2026-10-01T00:00:00+08:00',
      params: { maxStopMinutes: 3, windows: { practical: { from: '08:30', to: '21:00' } } },
    });
    while ((await app.trainingHours.auditDue(100)) > 0);
    const reauditMs = performance.now() - reauditStarted;
    const logs = await sql<{ n: number; credited: number }>`
      SELECT count(*)::int AS n, sum(credited_minutes)::int AS credited FROM teaching_logs
      WHERE audit_rule_set_id = ${rule.id}`.execute(db);
    return {
      database: handle.kind,
      terminals: T,
      days: options.days,
      sessions: logs.rows[0]!.n,
      minutes,
      generateSeconds: generatedMs / 1000,
      firstAuditSeconds: firstMs / 1000,
      reauditSeconds: reauditMs / 1000,
      reauditMinutesPerSecond: Math.round(minutes / (reauditMs / 1000)),
      logsMarkedForReaudit: rule.logsToReaudit,
    };
  } finally {
    await app.close();
  }
}

const provinceMinutes = Number(process.env.AUDIT_BENCH_PROVINCE_MINUTES ?? 4_800_000);
const pure = measurePure(provinceMinutes);
const reaudit = await measureReaudit({
  terminals: Number(process.env.AUDIT_BENCH_TERMINALS ?? 100),
  days: Number(process.env.AUDIT_BENCH_DAYS ?? 30),
  ...(process.env.AUDIT_BENCH_DATABASE_URL ? { url: process.env.AUDIT_BENCH_DATABASE_URL } : {}),
});
console.log(JSON.stringify({ pure, reaudit }));
