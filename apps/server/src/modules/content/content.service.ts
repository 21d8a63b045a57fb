import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { requirePermission, type Actor } from '../../shared/access.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import { Permission } from '../../shared/permissions.ts';
import type { AuditLogService } from '../audit-log/index.ts';
import type { ContentRepository } from './content.repository.ts';
import type { PublicPageQuery, PublicPagesQuery, SavePage } from './content.schemas.ts';
import { renderMarkdown } from './markdown.ts';

const DEFAULT_LOCALE = 'zh-CN';

const toSummary = (p: {
  slug: string;
  locale: string;
  section: string;
  title: string;
  sortOrder: number;
  regionCode: string;
  updatedAt: Date;
}) => ({ ...p, updatedAt: p.updatedAt.toISOString() });

/** 学车指南 and 常见问题: the public reads published pages; a city regulator writes its city's pages. */
export function createContentService(deps: {
  db: Kysely<DB>;
  content: ContentRepository;
  audit: AuditLogService;
  clock: Clock;
}) {
  const { db, content, audit, clock } = deps;

  /** The city whose pages the actor edits; only city regulators hold contentWrite. */
  function regionOf(actor: Actor): string {
    requirePermission(actor, Permission.contentWrite);
    if (!actor.regionCode) throw new AppError('auth.forbidden', { message: 'actor has no region' });
    return actor.regionCode;
  }

  return {
    async findPublishedPages(query: PublicPagesQuery) {
      const rows = await content.findPublished(db, { ...query, locale: query.locale ?? DEFAULT_LOCALE });
      return { items: rows.map(toSummary) };
    },

    /** A published page with its Markdown and the safe HTML rendered from it. */
    async getPublishedPage(slug: string, query: PublicPageQuery) {
      const page = await content.findPublishedPage(
        db,
        slug,
        query.locale ?? DEFAULT_LOCALE,
        query.regionCode,
      );
      // Unpublished pages answer exactly like missing ones, so drafts stay private.
      if (!page) throw new AppError('request.not_found', { message: 'no published page with this slug' });
      const { bodyMarkdown, ...summary } = page;
      return { ...toSummary(summary), markdown: bodyMarkdown, html: renderMarkdown(bodyMarkdown) };
    },

    async findRegionPages(actor: Actor) {
      const rows = await content.findRegionPages(db, regionOf(actor));
      return {
        items: rows.map(({ bodyMarkdown, ...r }) => ({
          ...toSummary(r),
          id: r.id,
          published: r.published,
          markdown: bodyMarkdown,
        })),
      };
    },

    /** Creates or replaces the page (slug, locale) of the actor's city, with an audit entry. */
    async savePage(actor: Actor, slug: string, locale: string, input: SavePage) {
      const regionCode = regionOf(actor);
      const at = clock.now();
      const saved = await db.transaction().execute(async (tx) => {
        const row = await content.upsertPage(tx, {
          regionCode,
          slug,
          locale,
          section: input.section,
          title: input.title,
          bodyMarkdown: input.markdown,
          sortOrder: input.sortOrder,
          published: input.published,
          updatedBy: actor.userId,
          at,
        });
        await audit.append(tx, actor, {
          action: row.inserted ? 'content.page.created' : 'content.page.updated',
          entityType: 'content_pages',
          entityId: row.id,
          regionCode,
          details: { slug, locale, section: input.section, published: input.published, title: input.title },
        });
        return row;
      });
      const { bodyMarkdown, inserted: _inserted, ...rest } = saved;
      return { ...toSummary(rest), id: rest.id, published: rest.published, markdown: bodyMarkdown };
    },
  };
}
export type ContentService = ReturnType<typeof createContentService>;
