export { createRegistryRepository } from './registry.repository.ts';
export { createRegistryService, type RegistryService } from './registry.service.ts';
export { registryRoutes } from './registry.routes.ts';
export { createSchoolSearchRepository } from './school-search.repository.ts';
export { createSchoolSearchService, type SchoolSearchService } from './school-search.service.ts';
