/**
 * Reference data shipped with the platform: the 2016 syllabus for C1 and C2 (RULES §1, REFERENCE §3.3)
 * and the default audit rules (RULES §2). Other classes are entered by a province regulator; until then
 * they show as missing (REFERENCE §3.3: their per-part hours are not in any trustworthy source).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { ensureCityRuleSet } from './teaching-logs.ts';
import { createTrainingHoursRepository } from './training-hours.repository.ts';

/** Licence classes of the 课程编码 (REFERENCE §1.9), listed so a class without a syllabus shows as missing. */
export const LICENCE_CLASSES = [
  'A1',
  'A2',
  'A3',
  'B1',
  'B2',
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'D',
  'E',
  'F',
  'M',
  'N',
  'P',
] as const;

const HOUR = 60;
/** Parts 1–4 in 学时; classroom minimum 4 (part 1) and 2 (part 4); up to 4 simulator hours in parts 2–3. */
const SYLLABUS_2016 = {
  C1: [12, 16, 24, 10],
  C2: [12, 14, 24, 10],
} as const;
const CLASSROOM_MIN_HOURS = [4, 0, 0, 2];
const SIMULATOR_MAX_HOURS = [0, 4, 4, 0];
/** The national floor for the training mileage a province sets (RULES §1). */
const MIN_MILEAGE_M = 300_000;

/** Inserts the 2016 C1/C2 syllabus for a province if it has no version of them yet. Idempotent. */
export async function seedSyllabus2016(db: Kysely<DB>, provinceCode: string): Promise<void> {
  for (const [licenceClass, hours] of Object.entries(SYLLABUS_2016)) {
    const version = await db
      .insertInto('syllabusVersions')
      .values({
        provinceCode,
        licenceClass,
        edition: '机动车驾驶培训教学与考试大纲(2016)',
        effectiveFrom: '2016-10-01',
        minMileageM: MIN_MILEAGE_M,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!version) continue;
    await db
      .insertInto('syllabusParts')
      .values(
        hours.map((h, i) => ({
          syllabusVersionId: version.id,
          part: i + 1,
          requiredMinutes: h * HOUR,
          requiredMileageM: 0,
          classroomMinMinutes: CLASSROOM_MIN_HOURS[i]! * HOUR,
          simulatorMaxMinutes: SIMULATOR_MAX_HOURS[i]! * HOUR,
        })),
      )
      .execute();
  }
}

/** The province's syllabus and each city's default rule set (version 1). Idempotent. */
export async function seedTrainingReferenceData(
  db: Kysely<DB>,
  provinceCode: string,
  cityCodes: readonly string[],
): Promise<void> {
  await seedSyllabus2016(db, provinceCode);
  const repo = createTrainingHoursRepository();
  for (const city of cityCodes) await ensureCityRuleSet(db, repo, city);
}
