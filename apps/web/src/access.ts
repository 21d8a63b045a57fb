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
  traineeHoursRead: 'trainee.hours.read',
  traineeAppealWrite: 'trainee.appeal.write',
  schoolTrainingRead: 'school.training.read',
  schoolTrainingReview: 'school.training.review',
  schoolStageSubmit: 'school.stage.submit',
  regulatorTrainingRead: 'regulator.training.read',
  regulatorStageReview: 'regulator.stage.review',
} as const;

export type Access = {
  canReadSchoolProfile: boolean;
  canReadSchoolCoaches: boolean;
  canWriteSchoolRegistry: boolean;
  canSeeRegulatorOverview: boolean;
  canReadRegulatorSchools: boolean;
  canSeeLiveMonitoring: boolean;
  canReadOwnHours: boolean;
  canAppealOwnHours: boolean;
  canReadSchoolTraining: boolean;
  canReviewSchoolTraining: boolean;
  canSubmitStage: boolean;
  canReadRegulatorTraining: boolean;
  canReviewStage: boolean;
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
    canReadOwnHours: has.has(Permission.traineeHoursRead),
    canAppealOwnHours: has.has(Permission.traineeAppealWrite),
    canReadSchoolTraining: has.has(Permission.schoolTrainingRead),
    canReviewSchoolTraining: has.has(Permission.schoolTrainingReview),
    canSubmitStage: has.has(Permission.schoolStageSubmit),
    canReadRegulatorTraining: has.has(Permission.regulatorTrainingRead),
    canReviewStage: has.has(Permission.regulatorStageReview),
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
