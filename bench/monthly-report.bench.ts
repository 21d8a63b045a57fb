/**
 * The monthly report (附件2) over a city-year of data: the 12 monthly reports of 济南 (the demo city, 96
 * schools) one after another through the real server, on PostgreSQL (a scratch database at
 * BENCH_POSTGRES_URL) and on PGlite (a temp DATA_DIR). Goal: the city-year in under 5 s. Measures; never
 * asserts. Writes results/monthly-report-<time>.json.
 *
 * Volumes for one city and one year (estimates for a city of ~9 M people with ~100 schools):
 *   teaching logs         BENCH_REPORT_LOGS (1,500,000) spread evenly over the 12 months and the schools
 *   manual reviews        20 % of them (RULES §4: at least 20 % outside the named cities) → ~300,000
 *   work orders           5 % of the reviews (anomalies found) → ~15,000, 80 % disposed or closed
 *   supervision actions   a qualification check of every school each quarter, monthly enforcement in
 *                         every county with 2 school and 3 coach penalties each, interviews → ~1,500
 *   key supervision       20 schools and 200 coaches listed over the year
 *
 * Steps per database: the seed CLI migrates and seeds the demo region; the volumes above are inserted
 * with set-based SQL (here, not through the app: only the report's read is measured); the server starts as
 * its own process; demo-city signs in; GET /api/regulator/monthly-report for Dec 2025 … Nov 2026 in turn
 * (twice: cold after start, then warm), then the province's 12 months, a drill-down page deep into a
 * month's teaching logs and both exports.
 *
 *   BENCH_ONLY=monthly-report npm run bench
 *   BENCH_DB=postgres BENCH_REPORT_LOGS=300000 BENCH_ONLY=monthly-report npm run bench
 */
import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchDatabase } from './lib/scratch-database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const logs = Number(process.env.BENCH_REPORT_LOGS ?? 1_500_000);
const only = process.env.BENCH_DB;
const months = Array.from({ length: 12 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 11 + i, 1));
  return d.toISOString().slice(0, 7);
});
const YEAR_START = '2025-12-01T00:00:00+08:00';

type Sql = (text: string) => Promise<void>;

/** The city-year, in chunks so PGlite never holds one huge transaction. */
async function loadCityYear(run: Sql, say: (s: string) => void) {
  const chunk = 100_000;
  const started = Date.now();
  // The rows are consistent by construction; skipping per-row triggers and foreign-key checks makes the
  // load minutes shorter (both databases run it as a superuser).
  await run(`SET session_replication_role = replica`);
  for (let from = 0; from < logs; from += chunk) {
    const to = Math.min(logs, from + chunk) - 1;
    // Log g starts at an even step through the year; schools take turns.
    await run(`
      INSERT INTO teaching_logs (source, trainee_id, school_id, course_code, licence_class, part,
                                 started_at, ended_at, verdict)
      SELECT 'terminal', t.id, s.ids[1 + g % s.n], '1211110000', 'C1', 1 + g % 4,
             timestamptz '${YEAR_START}' + (g * (365.0 * 86400 / ${logs})) * interval '1 second',
             timestamptz '${YEAR_START}' + (g * (365.0 * 86400 / ${logs}) + 3600) * interval '1 second',
             'valid'
      FROM generate_series(${from}, ${to}) g,
           (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM schools WHERE county_code LIKE '3701%') s,
           (SELECT id FROM trainees ORDER BY id LIMIT 1) t`);
  }
  say(`  ${logs.toLocaleString('en')} teaching logs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const reviewer = `(SELECT id FROM users WHERE username = 'demo-city')`;
  await run(`
    INSERT INTO manual_reviews (teaching_log_id, school_id, county_code, reason, status, decision, reviewer_id,
                                decided_at, created_at)
    SELECT l.id, l.school_id, s.county_code, 'sample', 'decided', 'valid', ${reviewer},
           l.ended_at + interval '2 days', l.ended_at
    FROM teaching_logs l JOIN schools s ON s.id = l.school_id
    WHERE l.started_at >= '${YEAR_START}' AND abs(hashtext(l.id::text)) % 5 = 0`);
  await run(`
    INSERT INTO work_orders (number, source_kind, source_id, category, title, description, county_code,
                             school_id, assignee_kind, status, due_at, created_at, updated_at, disposed_at, closed_at)
    SELECT 'GD-' || county_code || '-' || to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' ||
             lpad((row_number() OVER (PARTITION BY county_code, (created_at AT TIME ZONE 'Asia/Shanghai')::date
                                      ORDER BY id))::text, 4, '0'),
           'review', id, 'hours_irregular', '人工审核发现异常', '人工审核发现的学时异常', county_code,
           school_id, 'school', status, created_at + interval '7 days', created_at, created_at,
           CASE WHEN status <> 'open' THEN created_at + interval '3 days' END,
           CASE WHEN status = 'closed' THEN created_at + interval '5 days' END
    FROM (
      SELECT r.id, r.county_code, r.school_id, r.decided_at AS created_at,
             (ARRAY['open', 'disposed', 'closed', 'closed', 'closed'])[1 + abs(hashtext(r.id::text || 'o')) % 5] AS status
      FROM manual_reviews r WHERE abs(hashtext(r.id::text)) % 20 = 0
    ) x`);
  const actor = reviewer;
  const monthStarts = `generate_series(timestamp '2025-12-01', timestamp '2026-11-01', interval '1 month')`;
  // Quarterly qualification checks of every school; monthly enforcement per county with penalties.
  await run(`
    INSERT INTO supervision_actions (kind, county_code, school_id, happened_on, created_by)
    SELECT k.kind, s.county_code, s.id, (m + (abs(hashtext(s.id::text)) % 25) * interval '1 day')::date, ${actor}
    FROM schools s, ${monthStarts} m,
         (VALUES ('qualification_check'), ('interview_school'), ('rectification_order')) k(kind)
    WHERE s.county_code LIKE '3701%'
      AND (k.kind = 'qualification_check' AND extract(month FROM m)::int % 3 = 0
           OR k.kind <> 'qualification_check' AND abs(hashtext(s.id::text || m::text || k.kind)) % 12 = 0)`);
  await run(`
    INSERT INTO supervision_actions (kind, county_code, happened_on, created_by)
    SELECT k.kind, r.code, (m + interval '9 days')::date, ${actor}
    FROM regions r, ${monthStarts} m, (VALUES ('enforcement'), ('interview_authority')) k(kind)
    WHERE r.parent_code = '370100' AND (k.kind = 'enforcement' OR abs(hashtext(r.code || m::text)) % 4 = 0)`);
  await run(`
    INSERT INTO supervision_actions (kind, county_code, school_id, coach_id, enforcement_id, happened_on, created_by)
    SELECT CASE WHEN p.n <= 2 THEN 'penalty_school' ELSE 'penalty_coach' END, e.county_code, p.school_id,
           CASE WHEN p.n > 2 THEN p.coach_id END, e.id, e.happened_on, ${actor}
    FROM supervision_actions e
    CROSS JOIN LATERAL (
      SELECT c.school_id, c.id AS coach_id, row_number() OVER () AS n
      FROM coaches c JOIN schools s ON s.id = c.school_id
      WHERE s.county_code = e.county_code
      ORDER BY hashtext(c.id::text || e.id::text) LIMIT 5
    ) p
    WHERE e.kind = 'enforcement'`);
  await run(`
    INSERT INTO key_supervisions (subject, school_id, coach_id, county_code, reason, sanction, from_date,
                                  until_date, created_by)
    SELECT 'school', s.id, NULL, s.county_code, '学时造假', 'rectify',
           (date '2025-12-01' + abs(hashtext(s.id::text)) % 300), NULL, ${actor}
    FROM schools s WHERE s.county_code LIKE '3701%' ORDER BY s.id LIMIT 20`);
  await run(`
    INSERT INTO key_supervisions (subject, school_id, coach_id, county_code, reason, sanction, from_date,
                                  until_date, created_by)
    SELECT 'coach', c.school_id, c.id, s.county_code, '学时造假', 'suspended',
           (date '2025-12-01' + abs(hashtext(c.id::text)) % 300),
           (date '2025-12-01' + abs(hashtext(c.id::text)) % 300 + 60), ${actor}
    FROM coaches c JOIN schools s ON s.id = c.school_id WHERE s.county_code LIKE '3701%' ORDER BY c.id LIMIT 200`);
  await run(`SET session_replication_role = DEFAULT`);
  // A year of data would have been vacuumed by autovacuum many times: the visibility map lets counts
  // use index-only scans, as they would in production.
  await run('VACUUM ANALYZE');
  say(`  loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function waitForHealth(base: string, child: ChildProcess) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become healthy');
}

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'jiapei-demo', portal: 'regulator' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

async function timed(base: string, cookie: string, url: string): Promise<{ ms: number; body: Buffer }> {
  const started = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { cookie } });
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.toString()}`);
  return { ms, body };
}

async function measure(kind: 'postgres' | 'pglite') {
  const say = (s: string) => console.log(s);
  say(`\n== ${kind} ==`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  const port = 18000 + (process.pid % 1000);
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> = null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: tmp,
    LOG_LEVEL: 'warn',
    DEMO_FLEET: 'false',
    SEED_DEMO: 'false',
    ROLE: 'api',
    PORT: String(port),
    GATEWAY_PORT: '0',
    LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: '1000',
  };
  if (kind === 'postgres') {
    scratch = await createScratchDatabase('bench_report');
    if (!scratch) {
      say('PostgreSQL unreachable: skipped');
      return null;
    }
    env.DATABASE_URL = scratch.url;
    env.DATA_KEY = Buffer.alloc(32, 7).toString('base64');
  }
  let server: ChildProcess | null = null;
  try {
    execFileSync('npx', ['tsx', 'apps/server/src/cli/seed.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (kind === 'postgres') {
      const client = new pg.Client({ connectionString: scratch!.url });
      await client.connect();
      await loadCityYear(async (text) => void (await client.query(text)), say);
      await client.end();
    } else {
      const db = await PGlite.create(path.join(tmp, 'pglite'), { extensions: { cube, earthdistance } });
      await loadCityYear(async (text) => void (await db.exec(text)), say);
      await db.close();
    }

    // tsx itself (not npx) so the signal below reaches the server, before the scratch database is dropped.
    server = spawn(path.join(root, 'node_modules/.bin/tsx'), ['apps/server/src/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, server);
    const city = await login(base, 'demo-city');
    const province = await login(base, 'demo-province');

    const cityYear = async (cookie: string) => {
      const each: number[] = [];
      let totalLogs = 0;
      for (const month of months) {
        const { ms, body } = await timed(base, cookie, `/api/regulator/monthly-report?month=${month}`);
        each.push(ms);
        const report = JSON.parse(body.toString()) as { rows: { figures: { teachingLogs: number } }[] };
        totalLogs += report.rows.reduce((a, r) => a + r.figures.teachingLogs, 0);
      }
      return { totalMs: each.reduce((a, b) => a + b, 0), maxMs: Math.max(...each), each, totalLogs };
    };
    const cold = await cityYear(city);
    const warm = await cityYear(city);
    const provinceYear = await cityYear(province);
    const deepPage = await timed(
      base,
      city,
      `/api/regulator/monthly-report/drilldown?month=2026-06&figure=teachingLogs&page=500&pageSize=100`,
    );
    const firstPage = await timed(
      base,
      city,
      `/api/regulator/monthly-report/drilldown?month=2026-06&figure=reviewedLogs`,
    );
    const xlsx = await timed(base, city, `/api/regulator/monthly-report/export.xlsx?month=2026-06`);
    // The first PDF loads and parses the font slices it needs; the second shows the steady cost.
    const pdfFirst = await timed(base, city, `/api/regulator/monthly-report/export.pdf?month=2026-06`);
    const pdf = await timed(base, city, `/api/regulator/monthly-report/export.pdf?month=2026-07`);
    const result = {
      kind,
      cityYearColdMs: Math.round(cold.totalMs),
      cityYearWarmMs: Math.round(warm.totalMs),
      slowestMonthMs: Math.round(Math.max(cold.maxMs, warm.maxMs)),
      provinceYearMs: Math.round(provinceYear.totalMs),
      logsCounted: warm.totalLogs,
      drillTeachingLogsPage500Ms: Math.round(deepPage.ms),
      drillReviewedLogsPage1Ms: Math.round(firstPage.ms),
      exportXlsxMs: Math.round(xlsx.ms),
      exportPdfFirstMs: Math.round(pdfFirst.ms),
      exportPdfMs: Math.round(pdf.ms),
      pdfBytes: pdf.body.length,
    };
    console.table(result);
    return result;
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    await scratch?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const results = [];
for (const kind of ['postgres', 'pglite'] as const) {
  if (only && only !== kind) continue;
  const r = await measure(kind);
  if (r) results.push(r);
}
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
const file = path.join(
  root,
  `bench/results/monthly-report-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
fs.writeFileSync(
  file,
  JSON.stringify({ logs, months, results, machine: { cpus: os.cpus().length, load: os.loadavg() } }, null, 2),
);
console.log(`wrote ${path.relative(root, file)}`);
