export { createRegistryRepository } from './registry.repository.ts';
export { createRegistryService, type RegistryService } from './registry.service.ts';
export { registryRoutes } from './registry.routes.ts';
