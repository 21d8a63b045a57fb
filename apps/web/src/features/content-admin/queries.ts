import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '@jiapei/contracts';
import { api, unwrap } from '../../api/http.ts';
import type { ResponseOf } from '../../api/types.ts';

export type RegulatorPage = ResponseOf<'/api/regulator/pages', 'get'>['items'][number];
export type PageLocale = 'zh-CN' | 'en-US';
export type SavePageInput = NonNullable<
  paths['/api/regulator/pages/{slug}/{locale}']['put']['requestBody']
>['content']['application/json'];

export const contentAdminKeys = {
  all: ['content-admin'] as const,
  pages: () => [...contentAdminKeys.all, 'pages'] as const,
  rendered: (slug: string, locale: PageLocale, regionCode: string, updatedAt: string) =>
    [...contentAdminKeys.all, 'rendered', slug, locale, regionCode, updatedAt] as const,
};

/** Every guide and FAQ page of the regulator's city, drafts included. */
export function useRegulatorPages() {
  return useQuery({
    queryKey: contentAdminKeys.pages(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/regulator/pages', { signal })),
  });
}

export function useSavePage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ slug, locale, input }: { slug: string; locale: PageLocale; input: SavePageInput }) =>
      unwrap(
        api.PUT('/api/regulator/pages/{slug}/{locale}', { params: { path: { slug, locale } }, body: input }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: contentAdminKeys.all }),
  });
}

/**
 * The page as the server renders it for the public (its sanitising Markdown renderer, not a second
 * one in the browser). Only published pages are served publicly, so a draft has no rendering yet;
 * `updatedAt` in the key refetches after every save.
 */
export function useRenderedPage(
  page: Pick<RegulatorPage, 'slug' | 'locale' | 'regionCode' | 'updatedAt' | 'published'> | null,
) {
  const locale = (page?.locale ?? 'zh-CN') as PageLocale;
  return useQuery({
    queryKey: contentAdminKeys.rendered(
      page?.slug ?? '',
      locale,
      page?.regionCode ?? '',
      page?.updatedAt ?? '',
    ),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/public/pages/{slug}', {
          params: { path: { slug: page?.slug ?? '' }, query: { locale, regionCode: page?.regionCode ?? '' } },
          signal,
        }),
      ),
    enabled: Boolean(page?.published),
  });
}
