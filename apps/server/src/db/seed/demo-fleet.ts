import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { Database } from '../connect.ts';
import type { IdNumberVault } from '../../shared/identity-number.ts';
// The simulator owns the fleet-file format; apps never import tools at run time, so only the type.
import type { FleetCar, FleetFile } from '../../../../../tools/terminal-sim/src/fleet-file.ts';

export type { FleetCar, FleetFile };

type Polygon = FleetCar['area'];

function isPolygon(value: unknown): value is Polygon {
  const v = value as Polygon | null;
  return !!v && v.type === 'Polygon' && Array.isArray(v.coordinates) && Array.isArray(v.coordinates[0]);
}

/**
 * The demo fleet `npm start` drives through the simulator: `cars` active terminals bound to active cars
 * of operating schools, each with an active coach of the same school who may teach the car's class,
 * one to three trainees in training for that class, and the school's teaching area. Coaches and
 * trainees are not shared between cars. Each car gets a fresh RSA key whose public half is filed as
 * the terminal's certificate, so the gateway checks real 驾培 signatures (the private key stays in the
 * fleet file under DATA_DIR, which is git-ignored). Deterministic apart from the keys.
 */
export async function buildDemoFleet(
  db: Database,
  vault: IdNumberVault,
  options: {
    cars: number;
    gateway?: { host: string; port: number };
    previous?: FleetFile;
  },
): Promise<FleetFile> {
  const terminals = await db
    .selectFrom('terminals')
    .innerJoin('vehicles', 'vehicles.id', 'terminals.vehicleId')
    .innerJoin('schools', 'schools.id', 'terminals.schoolId')
    .select([
      'terminals.id',
      'terminals.schoolId',
      'terminals.terminalNumber',
      'terminals.simNumber',
      'terminals.imei',
      'terminals.maker',
      'terminals.model',
      'terminals.certificatePem',
      'vehicles.plate',
      'vehicles.licenceClass',
      'schools.countyCode',
    ])
    .where('terminals.status', '=', 'active')
    .where('vehicles.status', '=', 'active')
    .where('schools.status', '=', 'operating')
    .orderBy('terminals.terminalNumber')
    .execute();
  // The demo school's cars come first: its accounts (demo-school, demo-staff) can then follow their
  // sessions, and the start script gives the first cars the fraud profiles. A stable sort: the rest keep
  // their terminal-number order.
  const demoSchool = await db
    .selectFrom('users')
    .select('schoolId')
    .where('username', '=', 'demo-school')
    .executeTakeFirst();
  if (demoSchool?.schoolId) {
    const first = demoSchool.schoolId;
    terminals.sort((a, b) => Number(b.schoolId === first) - Number(a.schoolId === first));
  }
  const schoolIds = [...new Set(terminals.map((t) => t.schoolId))];
  if (schoolIds.length === 0) return { ...(options.gateway ? { gateway: options.gateway } : {}), cars: [] };

  const [coaches, trainees, areas] = await Promise.all([
    db
      .selectFrom('coaches')
      .select(['id', 'schoolId', 'coachNumber', 'idNumberCipher', 'licenceClasses'])
      .where('status', '=', 'active')
      .where('schoolId', 'in', schoolIds)
      .orderBy('coachNumber')
      .execute(),
    db
      .selectFrom('trainees')
      .select(['id', 'schoolId', 'traineeNumber', 'licenceClass'])
      .where('status', '=', 'training')
      .where('schoolId', 'in', schoolIds)
      .orderBy('traineeNumber')
      .execute(),
    db
      .selectFrom('teachingAreas')
      .select(['schoolId', 'kind', 'licenceClasses', 'polygon'])
      .where('status', '=', 'active')
      .where('schoolId', 'in', schoolIds)
      .orderBy('name')
      .execute(),
  ]);

  const usedCoaches = new Set<string>();
  const usedTrainees = new Set<string>();
  const usedSchools = new Map<string, number>();
  const picked: {
    car: Omit<FleetCar, 'privateKeyPem'>;
    terminalId: string;
    certificatePem: string | null;
  }[] = [];

  // Two passes: first at most two cars per school (so the map spreads over the city), then any.
  for (const perSchool of [2, Infinity]) {
    for (const t of terminals) {
      if (picked.length >= options.cars) break;
      if (picked.some((p) => p.terminalId === t.id)) continue;
      if ((usedSchools.get(t.schoolId) ?? 0) >= perSchool) continue;
      const coach = coaches.find(
        (c) =>
          c.schoolId === t.schoolId && !usedCoaches.has(c.id) && c.licenceClasses.includes(t.licenceClass),
      );
      const carTrainees = trainees
        .filter(
          (r) => r.schoolId === t.schoolId && r.licenceClass === t.licenceClass && !usedTrainees.has(r.id),
        )
        .slice(0, 1 + (picked.length % 3));
      const schoolAreas = areas.filter((a) => a.schoolId === t.schoolId && isPolygon(a.polygon));
      const area =
        schoolAreas.find((a) => a.kind === 'training_ground' && a.licenceClasses.includes(t.licenceClass)) ??
        schoolAreas.find((a) => a.licenceClasses.includes(t.licenceClass)) ??
        schoolAreas[0];
      if (!coach || carTrainees.length === 0 || !area) continue;
      usedCoaches.add(coach.id);
      for (const r of carTrainees) usedTrainees.add(r.id);
      usedSchools.set(t.schoolId, (usedSchools.get(t.schoolId) ?? 0) + 1);
      const terminalNumber = t.terminalNumber.trim();
      picked.push({
        terminalId: t.id,
        certificatePem: t.certificatePem,
        car: {
          terminalNumber,
          phone: t.simNumber,
          imei: t.imei.trim(),
          serialNumber: terminalNumber.slice(-7),
          maker: terminalNumber.slice(0, 5),
          model: t.model,
          regionCode: t.countyCode.trim(),
          plate: t.plate,
          plateColor: 2,
          licenceClass: t.licenceClass,
          protocol: 'jiapei',
          coach: {
            coachNumber: coach.coachNumber.trim(),
            idNumber: vault.reveal(coach.idNumberCipher),
            licenceClass: t.licenceClass,
          },
          trainees: carTrainees.map((r) => ({
            traineeNumber: r.traineeNumber.trim(),
            licenceClass: r.licenceClass,
          })),
          area: area.polygon as Polygon,
        },
      });
    }
  }

  // Key generation costs ~0.1 s a car, so a restart reuses the previous file's key of a terminal whose
  // filed certificate still matches it; only new or changed terminals get a fresh key pair.
  const previousKeys = new Map(
    (options.previous?.cars ?? []).flatMap((c) =>
      c.privateKeyPem ? [[c.terminalNumber, c.privateKeyPem]] : [],
    ),
  );
  const cars: FleetCar[] = [];
  for (const p of picked) {
    const kept = previousKeys.get(p.car.terminalNumber);
    if (kept && p.certificatePem && publicPemOf(kept) === p.certificatePem) {
      cars.push({ ...p.car, privateKeyPem: kept });
      continue;
    }
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await db
      .updateTable('terminals')
      .set({ certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString() })
      .where('id', '=', p.terminalId)
      .execute();
    cars.push({ ...p.car, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  }
  return { ...(options.gateway ? { gateway: options.gateway } : {}), cars };
}

function publicPemOf(privateKeyPem: string): string | null {
  try {
    return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    return null;
  }
}
