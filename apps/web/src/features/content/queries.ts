import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';

type Locale = 'zh-CN' | 'en-US';
type Section = 'guide' | 'faq';

export const contentKeys = {
  all: ['content'] as const,
  list: (locale: Locale, section?: Section) => [...contentKeys.all, 'list', locale, section ?? ''] as const,
  page: (slug: string, locale: Locale) => [...contentKeys.all, 'page', slug, locale] as const,
};

/** 学车指南 / 常见问题 pages of the city, in the reader's language (the server falls back to zh-CN). */
export function usePublicPages(locale: Locale, section?: Section) {
  return useQuery({
    queryKey: contentKeys.list(locale, section),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/pages', {
          params: { query: { locale, ...(section ? { section } : {}) } },
          signal,
        }),
      ),
    select: (data) => data.items,
  });
}

/** One page with its server-rendered, sanitised HTML. */
export function usePublicPage(slug: string | undefined, locale: Locale) {
  return useQuery({
    queryKey: contentKeys.page(slug ?? '', locale),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/pages/{slug}', {
          params: { path: { slug: slug ?? '' }, query: { locale } },
          signal,
        }),
      ),
    enabled: Boolean(slug),
  });
}
