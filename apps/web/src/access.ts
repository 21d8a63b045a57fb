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
  traineeEnrolment: 'trainee.enrolment',
  traineeEscrowRead: 'trainee.escrow.read',
  traineeEscrowWrite: 'trainee.escrow.write',
  traineeFeedbackWrite: 'trainee.feedback.write',
  schoolTrainingRead: 'school.training.read',
  schoolTrainingReview: 'school.training.review',
  schoolStageSubmit: 'school.stage.submit',
  regulatorTrainingRead: 'regulator.training.read',
  regulatorStageReview: 'regulator.stage.review',
  schoolRegistryRead: 'school.registry.read',
  contentWrite: 'content.write',
  contractTemplateRead: 'contract.template.read',
  contractTemplateWrite: 'contract.template.write',
  schoolContractRead: 'school.contract.read',
  schoolContractSign: 'school.contract.sign',
  schoolEscrowRead: 'school.escrow.read',
  regulatorEscrowRead: 'regulator.escrow.read',
  regulatorEscrowReconcile: 'regulator.escrow.reconcile',
  regulatorSupervisionWrite: 'regulator.supervision.write',
  schoolComplaintsRead: 'school.complaints.read',
  schoolComplaintsReply: 'school.complaints.reply',
  regulatorComplaintsRead: 'regulator.complaints.read',
  regulatorComplaintsHandle: 'regulator.complaints.handle',
  regulatorEvaluationsModerate: 'regulator.evaluations.moderate',
  regulatorAnomalyRead: 'regulator.anomaly.read',
  regulatorAnomalyRun: 'regulator.anomaly.run',
  regulatorReviewWrite: 'regulator.review.write',
  regulatorReviewSettings: 'regulator.review.settings',
  regulatorWorkOrdersHandle: 'regulator.workorders.handle',
  schoolWorkOrdersHandle: 'school.workorders.handle',
  regulatorActionsWrite: 'regulator.actions.write',
  regulatorReportRead: 'regulator.report.read',
  regulatorReportSubmit: 'regulator.report.submit',
  regulatorDashboardRead: 'regulator.dashboard.read',
  regulatorCalendarWrite: 'regulator.calendar.write',
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
  /** Apply at a school (also to transfer), read and sign one's own contracts. */
  canEnrol: boolean;
  /** One's own escrow balance, payments and refund explanation. */
  canReadOwnEscrow: boolean;
  /** Start a payment, ask for a withdrawal or transfer one's own escrow. */
  canWriteOwnEscrow: boolean;
  /** One's own evaluations and complaints. */
  canWriteOwnFeedback: boolean;
  canReadSchoolTraining: boolean;
  canReviewSchoolTraining: boolean;
  canSubmitStage: boolean;
  canReadRegulatorTraining: boolean;
  canReviewStage: boolean;
  /** The school's trainee roster, vehicles, terminals (a coach reads logs but not the roster). */
  canReadSchoolRegistry: boolean;
  /** 学车指南 / 常见问题 of the regulator's city. */
  canWriteContent: boolean;
  canReadContractTemplates: boolean;
  canWriteContractTemplates: boolean;
  canReadSchoolContracts: boolean;
  canCountersignContracts: boolean;
  canReadSchoolSettlement: boolean;
  canReadEscrowOverview: boolean;
  canRunReconciliation: boolean;
  /** 重点监管: put a school of the region under key supervision or lift it (city, province). */
  canWriteKeySupervision: boolean;
  canReadSchoolComplaints: boolean;
  canReplySchoolComplaints: boolean;
  canReadRegulatorComplaints: boolean;
  canHandleRegulatorComplaints: boolean;
  canModerateEvaluations: boolean;
  // Supervision (issue 6).
  canReadAnomalies: boolean;
  canRunAnomalyDetection: boolean;
  canReviewSessions: boolean;
  canSetReviewSampling: boolean;
  canHandleWorkOrders: boolean;
  canDisposeSchoolWorkOrders: boolean;
  canRecordSupervisionActions: boolean;
  canReadMonthlyReport: boolean;
  canSubmitMonthlyReport: boolean;
  canSeeDashboard: boolean;
  /** 工作日历: national holidays and 调休 workdays (province regulators). */
  canManageCalendar: boolean;
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
    canEnrol: has.has(Permission.traineeEnrolment),
    canReadOwnEscrow: has.has(Permission.traineeEscrowRead),
    canWriteOwnEscrow: has.has(Permission.traineeEscrowWrite),
    canWriteOwnFeedback: has.has(Permission.traineeFeedbackWrite),
    canReadSchoolTraining: has.has(Permission.schoolTrainingRead),
    canReviewSchoolTraining: has.has(Permission.schoolTrainingReview),
    canSubmitStage: has.has(Permission.schoolStageSubmit),
    canReadRegulatorTraining: has.has(Permission.regulatorTrainingRead),
    canReviewStage: has.has(Permission.regulatorStageReview),
    canReadSchoolRegistry: has.has(Permission.schoolRegistryRead),
    canWriteContent: has.has(Permission.contentWrite),
    canReadContractTemplates: has.has(Permission.contractTemplateRead),
    canWriteContractTemplates: has.has(Permission.contractTemplateWrite),
    canReadSchoolContracts: has.has(Permission.schoolContractRead),
    canCountersignContracts: has.has(Permission.schoolContractSign),
    canReadSchoolSettlement: has.has(Permission.schoolEscrowRead),
    canReadEscrowOverview: has.has(Permission.regulatorEscrowRead),
    canRunReconciliation: has.has(Permission.regulatorEscrowReconcile),
    canWriteKeySupervision: has.has(Permission.regulatorSupervisionWrite),
    canReadSchoolComplaints: has.has(Permission.schoolComplaintsRead),
    canReplySchoolComplaints: has.has(Permission.schoolComplaintsReply),
    canReadRegulatorComplaints: has.has(Permission.regulatorComplaintsRead),
    canHandleRegulatorComplaints: has.has(Permission.regulatorComplaintsHandle),
    canModerateEvaluations: has.has(Permission.regulatorEvaluationsModerate),
    canReadAnomalies: has.has(Permission.regulatorAnomalyRead),
    canRunAnomalyDetection: has.has(Permission.regulatorAnomalyRun),
    canReviewSessions: has.has(Permission.regulatorReviewWrite),
    canSetReviewSampling: has.has(Permission.regulatorReviewSettings),
    canHandleWorkOrders: has.has(Permission.regulatorWorkOrdersHandle),
    canDisposeSchoolWorkOrders: has.has(Permission.schoolWorkOrdersHandle),
    canRecordSupervisionActions: has.has(Permission.regulatorActionsWrite),
    canReadMonthlyReport: has.has(Permission.regulatorReportRead),
    canSubmitMonthlyReport: has.has(Permission.regulatorReportSubmit),
    canSeeDashboard: has.has(Permission.regulatorDashboardRead),
    canManageCalendar: has.has(Permission.regulatorCalendarWrite),
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
