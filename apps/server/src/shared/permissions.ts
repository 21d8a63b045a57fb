/**
 * Roles and what each may do. Permission names carry the portal or scope as their prefix; routes name
 * exactly one permission (or declare themselves public), and services add the row-level checks
 * (region subtree, own school, own record) in `access.ts`.
 */
export const Role = {
  trainee: 'trainee',
  schoolAdmin: 'school_admin',
  schoolStaff: 'school_staff',
  coach: 'coach',
  regulatorCounty: 'regulator_county',
  regulatorCity: 'regulator_city',
  regulatorProvince: 'regulator_province',
  policeLiaison: 'police_liaison',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const allRoles = Object.values(Role);

export const Permission = {
  /** Any signed-in user: their own identity, logout. */
  selfRead: 'self.read',
  traineeSelfRead: 'trainee.self.read',
  schoolProfileRead: 'school.profile.read',
  schoolCoachesRead: 'school.coaches.read',
  schoolRegistryRead: 'school.registry.read',
  schoolRegistryWrite: 'school.registry.write',
  regulatorOverviewRead: 'regulator.overview.read',
  regulatorSchoolsRead: 'regulator.schools.read',
  /** The live map: cars online, tracks, sessions in progress, fences (region-scoped). */
  regulatorMonitoringRead: 'regulator.monitoring.read',
  /** Commands down to a terminal (photo now, 禁训, parameters, record requests). */
  terminalCommandSend: 'terminal.command.send',
  auditLogVerify: 'audit.verify',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const regulatorBase: Permission[] = [
  Permission.selfRead,
  Permission.schoolProfileRead,
  Permission.schoolCoachesRead,
  Permission.schoolRegistryRead,
  Permission.regulatorOverviewRead,
  Permission.regulatorSchoolsRead,
  Permission.regulatorMonitoringRead,
  Permission.terminalCommandSend,
];

export const permissionsByRole: Readonly<Record<Role, readonly Permission[]>> = {
  trainee: [Permission.selfRead, Permission.traineeSelfRead],
  coach: [Permission.selfRead, Permission.schoolProfileRead],
  school_staff: [
    Permission.selfRead,
    Permission.schoolProfileRead,
    Permission.schoolCoachesRead,
    Permission.schoolRegistryRead,
  ],
  school_admin: [
    Permission.selfRead,
    Permission.schoolProfileRead,
    Permission.schoolCoachesRead,
    Permission.schoolRegistryRead,
    Permission.schoolRegistryWrite,
  ],
  regulator_county: regulatorBase,
  regulator_city: regulatorBase,
  regulator_province: [...regulatorBase, Permission.auditLogVerify],
  // The exam side sees aggregate figures of its region; trainee-level eligibility comes with the exam link.
  police_liaison: [Permission.selfRead, Permission.regulatorOverviewRead],
};

export type Portal = 'public' | 'school' | 'regulator';

export const portalOfRole: Readonly<Record<Role, Portal>> = {
  trainee: 'public',
  coach: 'school',
  school_staff: 'school',
  school_admin: 'school',
  regulator_county: 'regulator',
  regulator_city: 'regulator',
  regulator_province: 'regulator',
  police_liaison: 'regulator',
};

export const regionScopedRoles: ReadonlySet<Role> = new Set([
  Role.regulatorCounty,
  Role.regulatorCity,
  Role.regulatorProvince,
  Role.policeLiaison,
]);
