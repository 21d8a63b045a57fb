import type { Kysely } from 'kysely';
import { modelTemplate } from '../../modules/enrolment/index.ts';
import type { DB } from '../types.ts';

/**
 * The demo city's contract template (合同示范文本), version 1, published and in force from the seeding
 * day, so the public portal can enrol at once. The text is the enrolment module's model template;
 * a city regulator drafts later versions from it.
 */
export async function seedDemoContracts(
  tx: Kysely<DB>,
  cityCode: string,
  at: Date = new Date(),
): Promise<void> {
  await tx
    .insertInto('contractTemplates')
    .values({
      cityCode,
      version: 1,
      title: modelTemplate.title,
      body: modelTemplate.body,
      releasePlan: JSON.stringify(modelTemplate.releasePlan),
      refundRule: modelTemplate.refundRule,
      disputeClause: modelTemplate.disputeClause,
      perHourFen: modelTemplate.perHourFen,
      status: 'published',
      effectiveFrom: at,
      publishedAt: at,
    })
    .onConflict((oc) => oc.columns(['cityCode', 'version']).doNothing())
    .execute();
}
