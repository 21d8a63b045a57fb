/**
 * Permissions from `/api/auth/me` turned into booleans for routes, menus and buttons. Hiding things
 * is a courtesy to the user; the server checks every request again.
 */
import type { Me, Portal, Role } from './api/types.ts';

const Permission = {
  publicSchoolsRead: 'public.schools.read',
  schoolProfileRead: 'school.profile.read',
  schoolCoachesRead: 'school.coaches.read',
  schoolRegistryWrite: 'school.registry.write',
  regulatorOverviewRead: 'regulator.overview.read',
  regulatorSchoolsRead: 'regulator.schools.read',
  regulatorMonitoringRead: 'regulator.monitoring.read',
} as const;

export type Access = {
  canReadSchoolProfile: boolean;
  canReadSchoolCoaches: boolean;
  canWriteSchoolRegistry: boolean;
  canSeeRegulatorOverview: boolean;
  canReadRegulatorSchools: boolean;
  canSeeLiveMonitoring: boolean;
};

export type AccessKey = keyof Access;

export function toAccess(permissions: readonly string[] | null | undefined): Access {
  const has = new Set(permissions ?? []);
  return {
    canReadSchoolProfile: has.has(Permission.schoolProfileRead),
    canReadSchoolCoaches: has.has(Permission.schoolCoachesRead),
    canWriteSchoolRegistry: has.has(Permission.schoolRegistryWrite),
    canSeeRegulatorOverview: has.has(Permission.regulatorOverviewRead),
    canReadRegulatorSchools: has.has(Permission.regulatorSchoolsRead),
    canSeeLiveMonitoring: has.has(Permission.regulatorMonitoringRead),
  };
}

export const portalOfRole: Readonly<Record<Role, Portal>> = {
  trainee: 'public',
  school_admin: 'school',
  school_staff: 'school',
  coach: 'school',
  regulator_county: 'regulator',
  regulator_city: 'regulator',
  regulator_province: 'regulator',
  police_liaison: 'regulator',
};

/** Whether this user belongs in the portal; an unknown role belongs nowhere. */
export function canUsePortal(me: Pick<Me, 'role'>, portal: Portal): boolean {
  return (portalOfRole as Partial<Record<string, Portal>>)[me.role] === portal;
}
