import { AppError } from './app-error.ts';
import { permissionsByRole, regionScopedRoles, type Permission, type Role } from './permissions.ts';

/** Who is calling: resolved once per request by the auth hook and passed first to every service call. */
export type Actor = {
  userId: string;
  username: string;
  role: Role;
  regionCode: string | null;
  schoolId: string | null;
  coachId: string | null;
  traineeId: string | null;
};

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return permissionsByRole[actor.role].includes(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) {
    throw new AppError('auth.forbidden', { message: `${actor.role} lacks ${permission}` });
  }
}

/**
 * GB/T 2260 codes nest by prefix: a province 370000 holds every code starting '37', a city 370100 every
 * code starting '3701'. The prefix is what region-scoped SQL filters with `LIKE prefix || '%'`.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function isInRegion(regionCode: string, countyCode: string): boolean {
  return countyCode.startsWith(regionPrefix(regionCode));
}

/** The school rows an actor may see: a region prefix, one school, or nothing. */
export type SchoolScope =
  { kind: 'region'; prefix: string } | { kind: 'school'; schoolId: string } | { kind: 'none' };

export function schoolScopeOf(actor: Actor): SchoolScope {
  if (regionScopedRoles.has(actor.role) && actor.regionCode) {
    return { kind: 'region', prefix: regionPrefix(actor.regionCode) };
  }
  if (actor.schoolId) return { kind: 'school', schoolId: actor.schoolId };
  return { kind: 'none' };
}

export function canAccessSchool(actor: Actor, school: { id: string; countyCode: string }): boolean {
  const scope = schoolScopeOf(actor);
  switch (scope.kind) {
    case 'region':
      return school.countyCode.startsWith(scope.prefix);
    case 'school':
      return school.id === scope.schoolId;
    case 'none':
      return false;
  }
}
