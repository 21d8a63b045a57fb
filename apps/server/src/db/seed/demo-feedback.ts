/**
 * Demo complaints for a handful of the demo city's schools, in every status, so the school inbox, the
 * regulator's supervision and the public complaint rate have something to show. Deterministic: the
 * schools are the first ones by id, the texts and statuses come from fixed lists.
 *
 * Evaluations are not seeded: each needs an approved stage submission, and the demo has none yet (the
 * demo training history stops before stage review); they appear as soon as a demo stage is approved.
 */
import type { Kysely } from 'kysely';
import { createFeedbackRepository } from '../../modules/feedback/index.ts';
import type { DB } from '../types.ts';

const DAY_MS = 86_400_000;

const SAMPLES = [
  {
    category: 'refund_dispute',
    text: '退学一个月了，剩余学费一直没有退，驾校说要等老板签字。',
    status: 'escalated',
  },
  { category: 'training_hours', text: '预约练车总是排不上，两周只练了一次。', status: 'school_replied' },
  { category: 'extra_fees', text: '报名时说一费到底，科目二考前又让交800元模拟费。', status: 'submitted' },
  { category: 'service_attitude', text: '教练说话很冲，练车时一直骂人。', status: 'resolved' },
  { category: 'teaching_quality', text: '科目三路线只带练过一次就让去考试。', status: 'submitted' },
] as const;

/** Inserts the demo complaints (in the caller's transaction) and brings the rate summary up to date. */
export async function seedDemoFeedback(db: Kysely<DB>, cityCode: string, now = new Date()): Promise<number> {
  const schools = await db
    .selectFrom('schools')
    .select(['id', 'countyCode'])
    .where('countyCode', 'like', `${cityCode.slice(0, 4)}%`)
    .orderBy('id')
    .limit(6)
    .execute();
  let n = 0;
  for (const [i, school] of schools.entries()) {
    // 0 to 4 complaints per school: the first school has none, so the zero case shows too.
    for (let j = 0; j < i % 5; j++) {
      const sample = SAMPLES[(i + j) % SAMPLES.length]!;
      const createdAt = new Date(now.getTime() - (10 + 17 * j + i) * DAY_MS);
      const replied = sample.status !== 'submitted' && sample.status !== 'escalated';
      const yymmdd = createdAt.toISOString().slice(2, 10).replace(/-/g, '');
      n++;
      await db
        .insertInto('complaints')
        .values({
          trackingNumber: `TS${yymmdd}${String(900000 + n).padStart(6, '0')}`,
          kind: 'complaint',
          category: sample.category,
          target: 'school',
          schoolId: school.id,
          countyCode: school.countyCode,
          body: sample.text,
          complainantName: `演示投诉人${n}`,
          complainantPhone: `1390000${String(n).padStart(4, '0')}`,
          idempotencyKey: `demo:${n}`,
          status: sample.status,
          escalationReason: sample.status === 'escalated' ? 'school_overdue' : null,
          schoolDueAt: new Date(createdAt.getTime() + 7 * DAY_MS),
          regulatorDueAt: sample.status === 'escalated' ? new Date(now.getTime() + 3 * DAY_MS) : null,
          schoolReply: replied ? '已联系学员，正在协商处理。' : null,
          schoolRepliedAt: replied ? new Date(createdAt.getTime() + 2 * DAY_MS) : null,
          satisfaction: sample.status === 'resolved' ? 'satisfied' : null,
          satisfactionAt: sample.status === 'resolved' ? new Date(createdAt.getTime() + 3 * DAY_MS) : null,
          createdAt,
          updatedAt: createdAt,
        })
        .execute();
    }
  }
  await createFeedbackRepository().refreshComplaintStats(db, new Date(now.getTime() - 365 * DAY_MS));
  return n;
}
