/**
 * Load-testing fleet: `tsx apps/server/src/cli/load-fleet.ts --cars N --out <file.json> [--protocol 2013|jiapei]`.
 *
 * A legitimate tool for the gateway benchmark (bench/gateway.bench.ts) and for anyone sizing a deployment:
 * it files N synthetic training cars, each with a bound timing terminal, in one operating demo school and
 * writes a fleet file (tools/terminal-sim/src/fleet-file.ts) the terminal simulator can drive. Honours
 * DATABASE_URL / DATA_DIR like the other CLIs: migrates, seeds the demo region when it is missing, then
 * adds only the cars that are not there yet (running it twice, or with a smaller N, files nothing new).
 *
 * The synthetic rows are marked so nobody mistakes them for real ones and they can be removed by pattern:
 * vehicles with make `LOADTEST` and plates `LOAD000001学`; terminals with maker `LOADTEST`, numbers
 * `LOAD` + 12 digits, IMEIs starting `99`, SIM numbers `1999` + 8 digits (12 digits, so they fit the
 * JT/T 808-2013 header; the demo uses 13-digit 1440…/1064… numbers). All cars share one coach and the
 * school's trainees: enough for position load, which needs no training sessions. Use it on a database
 * meant for load tests; it makes the chosen school look like it has N more cars.
 */
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/connect.ts';
import type { FleetCar, FleetFile } from '../db/seed/demo-fleet.ts';
import { imeiCheckDigit } from '../db/seed/registry-codes.ts';
import { seedDemo } from '../db/seed/seed-demo.ts';
import { hashPassword } from '../modules/identity/index.ts';
import type { IdNumberVault } from '../shared/identity-number.ts';

export const LOAD_MARK = 'LOADTEST';
/** Rows per multi-row INSERT: 500 × 11 columns stays far below PostgreSQL's 65 535 bind parameters. */
const BATCH_ROWS = 500;
/** Plates carry six digits and SIM numbers eight. */
export const MAX_LOAD_CARS = 999_999;
const LICENCE_CLASS = 'C1';

/** The synthetic identifiers of load car number `index` (0-based), all derived from it. */
export function loadCarIdentity(index: number) {
  const n = index + 1;
  const imeiBody = `99${String(n).padStart(12, '0')}`;
  return {
    terminalNumber: `LOAD${String(n).padStart(12, '0')}`,
    imei: imeiBody + imeiCheckDigit(imeiBody),
    simNumber: `1999${String(n).padStart(8, '0')}`,
    plate: `LOAD${String(n).padStart(6, '0')}学`,
    authCode: `LOAD${String(n).padStart(8, '0')}`,
  };
}

type Polygon = FleetCar['area'];

/** The school synthetic cars go to: the one that has them already, else the first that can host them. */
async function pickSchool(db: Database) {
  const existing = await db
    .selectFrom('terminals')
    .select('schoolId')
    .where('maker', '=', LOAD_MARK)
    .executeTakeFirst();
  const coaches = await db
    .selectFrom('coaches')
    .innerJoin('schools', 'schools.id', 'coaches.schoolId')
    .select([
      'coaches.schoolId',
      'coaches.coachNumber',
      'coaches.idNumberCipher',
      'schools.countyCode',
      'schools.creditCode',
    ])
    .where('coaches.status', '=', 'active')
    .where('schools.status', '=', 'operating')
    .where(sql<boolean>`${LICENCE_CLASS} = ANY(coaches.licence_classes)`)
    .$if(existing !== undefined, (q) => q.where('coaches.schoolId', '=', existing!.schoolId))
    .orderBy('schools.creditCode')
    .orderBy('coaches.coachNumber')
    .execute();
  for (const coach of coaches) {
    const [trainees, area] = await Promise.all([
      db
        .selectFrom('trainees')
        .select(['traineeNumber', 'licenceClass'])
        .where('schoolId', '=', coach.schoolId)
        .where('status', '=', 'training')
        .where('licenceClass', '=', LICENCE_CLASS)
        .orderBy('traineeNumber')
        .limit(3)
        .execute(),
      db
        .selectFrom('teachingAreas')
        .select('polygon')
        .where('schoolId', '=', coach.schoolId)
        .where('status', '=', 'active')
        .orderBy('name')
        .executeTakeFirst(),
    ]);
    if (trainees.length > 0 && area) return { coach, trainees, area: area.polygon as Polygon };
  }
  throw new Error(
    'no operating school with an active C1 coach, C1 trainees and a teaching area (is the demo region seeded?)',
  );
}

/**
 * Files the synthetic cars 1..`cars` that are missing and returns the fleet file for all of them.
 * JT/T 808-2013 cars carry their auth code (filed here), so the simulator authenticates without 0x0100;
 * 驾培 cars always register first, as real ones do.
 */
export async function buildLoadFleet(
  db: Database,
  vault: IdNumberVault,
  options: { cars: number; protocol: '2013' | 'jiapei'; now?: Date },
): Promise<{ fleet: FleetFile; inserted: number }> {
  if (!Number.isInteger(options.cars) || options.cars < 1 || options.cars > MAX_LOAD_CARS) {
    throw new RangeError(`cars must be an integer from 1 to ${MAX_LOAD_CARS}`);
  }
  const now = options.now ?? new Date();
  const { coach, trainees, area } = await pickSchool(db);
  const wanted = Array.from({ length: options.cars }, (_, i) => loadCarIdentity(i));
  const have = new Set(
    (
      await db
        .selectFrom('terminals')
        .select('terminalNumber')
        .where('maker', '=', LOAD_MARK)
        .where('terminalNumber', 'like', 'LOAD%')
        .execute()
    ).map((t) => t.terminalNumber.trim()),
  );
  const missing = wanted.filter((w) => !have.has(w.terminalNumber));
  const today = now.toISOString().slice(0, 10);

  await db.transaction().execute(async (tx) => {
    for (let start = 0; start < missing.length; start += BATCH_ROWS) {
      const batch = missing.slice(start, start + BATCH_ROWS).map((w) => ({ ...w, vehicleId: randomUUID() }));
      await tx
        .insertInto('vehicles')
        .values(
          batch.map((w) => ({
            id: w.vehicleId,
            schoolId: coach.schoolId,
            plate: w.plate,
            licenceClass: LICENCE_CLASS,
            make: LOAD_MARK,
            model: 'synthetic',
            inspectionValidUntil: '2099-12-31',
            lastMaintainedOn: today,
            status: 'active',
          })),
        )
        .execute();
      await tx
        .insertInto('terminals')
        .values(
          batch.map((w) => ({
            schoolId: coach.schoolId,
            terminalNumber: w.terminalNumber,
            imei: w.imei,
            simNumber: w.simNumber,
            vehicleId: w.vehicleId,
            maker: LOAD_MARK,
            model: 'LT-1',
            status: 'active',
            authCode: w.authCode,
            registeredAt: now,
          })),
        )
        .execute();
    }
  });

  const coachIdNumber = vault.reveal(coach.idNumberCipher);
  const cars: FleetCar[] = wanted.map((w) => ({
    terminalNumber: w.terminalNumber,
    phone: w.simNumber,
    imei: w.imei,
    serialNumber: w.terminalNumber.slice(-7),
    maker: w.terminalNumber.slice(0, 5),
    model: 'LT-1',
    regionCode: coach.countyCode.trim(),
    plate: w.plate,
    plateColor: 2,
    licenceClass: LICENCE_CLASS,
    protocol: options.protocol,
    ...(options.protocol === '2013' ? { authCode: w.authCode } : {}),
    coach: { coachNumber: coach.coachNumber.trim(), idNumber: coachIdNumber, licenceClass: LICENCE_CLASS },
    trainees: trainees.map((t) => ({ traineeNumber: t.traineeNumber.trim(), licenceClass: t.licenceClass })),
    area,
  }));
  return { fleet: { cars }, inserted: missing.length };
}

async function main() {
  const { values } = parseArgs({
    options: {
      cars: { type: 'string' },
      out: { type: 'string' },
      protocol: { type: 'string', default: 'jiapei' },
    },
  });
  const cars = Number(values.cars);
  const protocol = values.protocol;
  if (!values.out || !Number.isInteger(cars) || (protocol !== '2013' && protocol !== 'jiapei')) {
    console.error('usage: load-fleet --cars N --out <file.json> [--protocol 2013|jiapei]');
    process.exit(2);
  }
  const app = await createApp(loadConfig());
  try {
    const seeded = await seedDemo(app.db, { vault: app.vault, hashPassword, audit: app.audit });
    if (seeded.inserted) console.log('seeded the demo region');
    const started = Date.now();
    const { fleet, inserted } = await buildLoadFleet(app.db, app.vault, { cars, protocol });
    const out = path.resolve(values.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Holds a coach's identity number in clear, like the demo fleet file: readable by us only.
    fs.writeFileSync(out, JSON.stringify(fleet), { mode: 0o600 });
    console.log(
      `load fleet: ${fleet.cars.length} cars (${inserted} filed now, in ${Date.now() - started} ms) → ${out}`,
    );
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
