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
  /** The trainee's own teaching logs, verdicts, photos and appeals (我的学时). */
  traineeHoursRead: 'trainee.hours.read',
  traineeAppealWrite: 'trainee.appeal.write',
  /** A school's teaching logs, verdicts and appeals. */
  schoolTrainingRead: 'school.training.read',
  /** 初审: mark minutes valid or invalid with a note; answer appeals. */
  schoolTrainingReview: 'school.training.review',
  /** 阶段报审: submit a completed part, signed by the school. */
  schoolStageSubmit: 'school.stage.submit',
  /** Enter classroom, simulator and remote sessions. */
  schoolSessionWrite: 'school.session.write',
  /** 复审 queue, teaching logs of the region, appeals escalated to the regulator. */
  regulatorTrainingRead: 'regulator.training.read',
  regulatorStageReview: 'regulator.stage.review',
  /** Audit rule sets of a city (and per-school overrides). */
  auditRulesWrite: 'training.rules.write',
  /** Syllabus tables of a province. */
  syllabusWrite: 'training.syllabus.write',
  /** Exam pass rates per school and coach (region-scoped). */
  examStatsRead: 'exam.stats.read',
  auditLogVerify: 'audit.verify',
  /** 学车指南 and 常见问题 pages of the regulator's city: write, publish, unpublish. */
  contentWrite: 'content.write',
  /** 合同示范文本: draft and publish versions of the city's contract template. */
  contractTemplateWrite: 'contract.template.write',
  /** Read the contract templates (regulators: their region's, drafts too; schools: their city's published). */
  contractTemplateRead: 'contract.template.read',
  /** The trainee's own enrolment: apply, read and sign their contract, start its payment. */
  traineeEnrolment: 'trainee.enrolment',
  /** The school's enrolment contracts; countersigning them with the school's key. */
  schoolContractRead: 'school.contract.read',
  schoolContractSign: 'school.contract.sign',
  /** The trainee's own escrow balance, payments, refund explanation, withdrawal and transfer. */
  traineeEscrowRead: 'trainee.escrow.read',
  traineeEscrowWrite: 'trainee.escrow.write',
  /** A school's settlement: released, pending in escrow, refunded. */
  schoolEscrowRead: 'school.escrow.read',
  /** Escrow overview by school and reconciliation results (region-scoped). */
  regulatorEscrowRead: 'regulator.escrow.read',
  /** Run a day's reconciliation against the bank statement again. */
  regulatorEscrowReconcile: 'regulator.escrow.reconcile',
  /** The trainee's evaluations (after approved stages) and own complaints, their satisfaction. */
  traineeFeedbackWrite: 'trainee.feedback.write',
  /** The school's complaint inbox, and replying to it. */
  schoolComplaintsRead: 'school.complaints.read',
  schoolComplaintsReply: 'school.complaints.reply',
  /** Complaint supervision of the region: counts, overdue lists, replies (region-scoped). */
  regulatorComplaintsRead: 'regulator.complaints.read',
  regulatorComplaintsHandle: 'regulator.complaints.handle',
  /** Hide or publish evaluations of the region's schools (held ones wait here). */
  regulatorEvaluationsModerate: 'regulator.evaluations.moderate',
  /** 重点监管: put a school of the region under key supervision or lift it (city and province). */
  regulatorSupervisionWrite: 'regulator.supervision.write',
  /** Anomaly findings and session risk scores of the region; the anomaly map (issue 6). */
  regulatorAnomalyRead: 'regulator.anomaly.read',
  /** Run the detectors again over a period (bulk) — city and province. */
  regulatorAnomalyRun: 'regulator.anomaly.run',
  /** 人工审核: the review queue and workspace, decisions, reopening with a reason. */
  regulatorReviewWrite: 'regulator.review.write',
  /** The city's manual-review sampling ratio (RULES §4). */
  regulatorReviewSettings: 'regulator.review.settings',
  /** 工单 of the region: create, route, verify, close, reopen, metrics. */
  regulatorWorkOrdersHandle: 'regulator.workorders.handle',
  /** The school's own work orders: read, dispose with evidence. */
  schoolWorkOrdersHandle: 'school.workorders.handle',
  /** Supervision actions recorded by regulators: qualification checks, interviews, enforcement, penalties. */
  regulatorActionsWrite: 'regulator.actions.write',
  /** The monthly report (附件2): compute, drill down, export. */
  regulatorReportRead: 'regulator.report.read',
  /** A city submits its monthly report to the province. */
  regulatorReportSubmit: 'regulator.report.submit',
  /** The regulator home dashboard (ECharts). */
  regulatorDashboardRead: 'regulator.dashboard.read',
  /** 工作日历: the national holidays and 调休 workdays that deadlines in working days count with. */
  regulatorCalendarWrite: 'regulator.calendar.write',
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
  Permission.contractTemplateRead,
  Permission.terminalCommandSend,
  Permission.regulatorTrainingRead,
  Permission.regulatorStageReview,
  Permission.examStatsRead,
  Permission.regulatorEscrowRead,
  Permission.regulatorComplaintsRead,
  Permission.regulatorComplaintsHandle,
  Permission.regulatorEvaluationsModerate,
  Permission.regulatorAnomalyRead,
  Permission.regulatorReviewWrite,
  Permission.regulatorWorkOrdersHandle,
  Permission.regulatorActionsWrite,
  Permission.regulatorReportRead,
  Permission.regulatorDashboardRead,
];

export const permissionsByRole: Readonly<Record<Role, readonly Permission[]>> = {
  trainee: [
    Permission.selfRead,
    Permission.traineeSelfRead,
    Permission.traineeHoursRead,
    Permission.traineeAppealWrite,
    Permission.traineeEnrolment,
    Permission.traineeEscrowRead,
    Permission.traineeEscrowWrite,
    Permission.traineeFeedbackWrite,
  ],
  coach: [Permission.selfRead, Permission.schoolProfileRead, Permission.schoolTrainingRead],
  school_staff: [
    Permission.selfRead,
    Permission.schoolProfileRead,
    Permission.schoolCoachesRead,
    Permission.schoolRegistryRead,
    Permission.schoolTrainingRead,
    Permission.schoolTrainingReview,
    Permission.schoolSessionWrite,
    Permission.schoolComplaintsRead,
    Permission.schoolComplaintsReply,
    Permission.schoolWorkOrdersHandle,
  ],
  school_admin: [
    Permission.selfRead,
    Permission.schoolProfileRead,
    Permission.schoolCoachesRead,
    Permission.schoolRegistryRead,
    Permission.schoolRegistryWrite,
    Permission.schoolTrainingRead,
    Permission.schoolTrainingReview,
    Permission.schoolSessionWrite,
    Permission.schoolStageSubmit,
    Permission.contractTemplateRead,
    Permission.schoolContractRead,
    Permission.schoolContractSign,
    Permission.schoolEscrowRead,
    Permission.schoolComplaintsRead,
    Permission.schoolComplaintsReply,
    Permission.schoolWorkOrdersHandle,
  ],
  regulator_county: regulatorBase,
  // Audit rules are set per city (RULES §2), the syllabus per province (RULES §1).
  regulator_city: [
    ...regulatorBase,
    Permission.auditRulesWrite,
    Permission.contentWrite,
    Permission.contractTemplateWrite,
    Permission.regulatorEscrowReconcile,
    Permission.regulatorSupervisionWrite,
    Permission.regulatorAnomalyRun,
    Permission.regulatorReviewSettings,
    Permission.regulatorReportSubmit,
  ],
  regulator_province: [
    ...regulatorBase,
    Permission.auditLogVerify,
    Permission.auditRulesWrite,
    Permission.syllabusWrite,
    Permission.regulatorEscrowReconcile,
    Permission.regulatorSupervisionWrite,
    Permission.regulatorAnomalyRun,
    // The calendar is national; the province regulator keeps it (there is no platform administrator role).
    Permission.regulatorCalendarWrite,
  ],
  // The exam side sees aggregate figures and pass rates of its region; trainee-level eligibility goes
  // through the exam link's integration client, not a user session.
  police_liaison: [Permission.selfRead, Permission.regulatorOverviewRead, Permission.examStatsRead],
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
