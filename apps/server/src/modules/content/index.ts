export { createContentRepository } from './content.repository.ts';
export { createContentService, type ContentService } from './content.service.ts';
export { contentRoutes } from './content.routes.ts';
export { seedDemoContent } from './demo-pages.ts';
export { renderMarkdown } from './markdown.ts';
