import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** The only file touching content_pages. */
export function createContentRepository() {
  const summaryColumns = [
    'slug',
    'locale',
    'section',
    'title',
    'sortOrder',
    'regionCode',
    'updatedAt',
  ] as const;
  return {
    findPublished(db: Kysely<DB>, f: { locale: string; section?: string; regionCode?: string }) {
      let q = db
        .selectFrom('contentPages')
        .select(summaryColumns)
        .where('published', '=', true)
        .where('locale', '=', f.locale);
      if (f.section) q = q.where('section', '=', f.section);
      if (f.regionCode) q = q.where('regionCode', '=', f.regionCode);
      return q.orderBy('section').orderBy('sortOrder').orderBy('slug').orderBy('regionCode').execute();
    },

    findPublishedPage(db: Kysely<DB>, slug: string, locale: string, regionCode?: string) {
      let q = db
        .selectFrom('contentPages')
        .select([...summaryColumns, 'bodyMarkdown'])
        .where('published', '=', true)
        .where('slug', '=', slug)
        .where('locale', '=', locale);
      if (regionCode) q = q.where('regionCode', '=', regionCode);
      return q.orderBy('regionCode').limit(1).executeTakeFirst();
    },

    findRegionPages(db: Kysely<DB>, regionCode: string) {
      return db
        .selectFrom('contentPages')
        .select([...summaryColumns, 'id', 'bodyMarkdown', 'published'])
        .where('regionCode', '=', regionCode)
        .orderBy('section')
        .orderBy('sortOrder')
        .orderBy('slug')
        .orderBy('locale')
        .execute();
    },

    /** Insert or replace the page (region, slug, locale); returns it and whether it existed. */
    async upsertPage(
      db: Kysely<DB>,
      page: {
        regionCode: string;
        slug: string;
        locale: string;
        section: string;
        title: string;
        bodyMarkdown: string;
        sortOrder: number;
        published: boolean;
        updatedBy: string | null;
        at: Date;
      },
    ) {
      const { at, ...values } = page;
      return db
        .insertInto('contentPages')
        .values({ ...values, createdAt: at, updatedAt: at })
        .onConflict((oc) =>
          oc.columns(['regionCode', 'slug', 'locale']).doUpdateSet({
            section: values.section,
            title: values.title,
            bodyMarkdown: values.bodyMarkdown,
            sortOrder: values.sortOrder,
            published: values.published,
            updatedBy: values.updatedBy,
            updatedAt: at,
          }),
        )
        .returning([
          'id',
          'slug',
          'locale',
          'section',
          'title',
          'sortOrder',
          'regionCode',
          'updatedAt',
          'bodyMarkdown',
          'published',
          // xmax is 0 only on a freshly inserted row version: tells a create from a replace.
          sql<boolean>`(xmax = 0)`.as('inserted'),
        ])
        .executeTakeFirstOrThrow();
    },
  };
}
export type ContentRepository = ReturnType<typeof createContentRepository>;
