import { Type, type Static } from '@sinclair/typebox';

const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en-US')]);
const Section = Type.Union([Type.Literal('guide'), Type.Literal('faq')], {
  description: 'guide: 学车指南; faq: 常见问题',
});
const RegionCode = Type.String({ pattern: '^[0-9]{6}$' });
export const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60 });

export const PublicPagesQuerySchema = Type.Object({
  locale: Type.Optional(Locale),
  section: Type.Optional(Section),
  regionCode: Type.Optional(RegionCode),
});
export type PublicPagesQuery = Static<typeof PublicPagesQuerySchema>;

export const PublicPageQuerySchema = Type.Object({
  locale: Type.Optional(Locale),
  regionCode: Type.Optional(RegionCode),
});
export type PublicPageQuery = Static<typeof PublicPageQuerySchema>;

export const PageParamsSchema = Type.Object({ slug: Slug });
export const PageWriteParamsSchema = Type.Object({ slug: Slug, locale: Locale });

export const PageSummarySchema = Type.Object({
  slug: Type.String(),
  locale: Type.String(),
  section: Type.String(),
  title: Type.String(),
  sortOrder: Type.Integer(),
  regionCode: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const PageListSchema = Type.Object({ items: Type.Array(PageSummarySchema) });

export const PublicPageSchema = Type.Composite([
  PageSummarySchema,
  Type.Object({
    markdown: Type.String(),
    html: Type.String({ description: 'rendered from the Markdown; every source character escaped' }),
  }),
]);

export const RegulatorPageSchema = Type.Composite([
  PageSummarySchema,
  Type.Object({ id: Type.String(), markdown: Type.String(), published: Type.Boolean() }),
]);
export const RegulatorPageListSchema = Type.Object({ items: Type.Array(RegulatorPageSchema) });

export const SavePageSchema = Type.Object({
  section: Section,
  title: Type.String({ minLength: 1, maxLength: 100 }),
  markdown: Type.String({ maxLength: 50_000 }),
  sortOrder: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
  published: Type.Boolean({ default: false }),
});
export type SavePage = Static<typeof SavePageSchema>;
