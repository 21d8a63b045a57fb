import type { Api } from '../../http/types.ts';
import { actorOf } from '../../http/types.ts';
import { Permission } from '../../shared/permissions.ts';
import {
  PageListSchema,
  PageParamsSchema,
  PageWriteParamsSchema,
  PublicPageQuerySchema,
  PublicPageSchema,
  PublicPagesQuerySchema,
  RegulatorPageListSchema,
  RegulatorPageSchema,
  SavePageSchema,
} from './content.schemas.ts';
import type { ContentService } from './content.service.ts';

export function contentRoutes(content: ContentService) {
  return async (app: Api) => {
    app.get(
      '/api/public/pages',
      {
        config: { auth: { public: true } },
        schema: { tags: ['public'], querystring: PublicPagesQuerySchema, response: { 200: PageListSchema } },
      },
      async (request) => content.findPublishedPages(request.query),
    );

    app.get(
      '/api/public/pages/:slug',
      {
        config: { auth: { public: true } },
        schema: {
          tags: ['public'],
          params: PageParamsSchema,
          querystring: PublicPageQuerySchema,
          response: { 200: PublicPageSchema },
        },
      },
      async (request) => content.getPublishedPage(request.params.slug, request.query),
    );

    app.get(
      '/api/regulator/pages',
      {
        config: { auth: { permission: Permission.contentWrite } },
        schema: { tags: ['regulator'], response: { 200: RegulatorPageListSchema } },
      },
      async (request) => content.findRegionPages(actorOf(request)),
    );

    app.put(
      '/api/regulator/pages/:slug/:locale',
      {
        config: { auth: { permission: Permission.contentWrite } },
        schema: {
          tags: ['regulator'],
          description:
            "Creates or replaces a page of the regulator's city; unpublish by saving published=false.",
          params: PageWriteParamsSchema,
          body: SavePageSchema,
          response: { 200: RegulatorPageSchema },
        },
      },
      async (request) =>
        content.savePage(actorOf(request), request.params.slug, request.params.locale, request.body),
    );
  };
}
