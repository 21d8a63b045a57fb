export { createIdentityRepository } from './identity.repository.ts';
export { createIdentityService, SESSION_COOKIE, type IdentityService, type Me } from './identity.service.ts';
export { identityRoutes } from './identity.routes.ts';
export { hashPassword, verifyPassword } from './password.ts';
