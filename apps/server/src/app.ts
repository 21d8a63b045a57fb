import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { connect, type Database, type DbHandle } from './db/connect.ts';
import { migrate, schemaVersion } from './db/migrate.ts';
import { createAnomalyService } from './modules/anomaly/index.ts';
import { createAuditLogRepository, createAuditLogService } from './modules/audit-log/index.ts';
import { createCalendarRepository, createCalendarService } from './modules/calendar/index.ts';
import { createContentRepository, createContentService } from './modules/content/index.ts';
import { createIdentityRepository, createIdentityService, hashPassword } from './modules/identity/index.ts';
import { createExamLinkService } from './modules/exam-link/index.ts';
import { createContractTemplatesService, createEnrolmentService } from './modules/enrolment/index.ts';
import {
  createComplaintsService,
  createEvaluationsService,
  createFeedbackRepository,
} from './modules/feedback/index.ts';
import { createBankClient, createEscrowLedgerService } from './modules/escrow-ledger/index.ts';
import { createManualReviewService } from './modules/manual-review/index.ts';
import { createMonitoringService } from './modules/monitoring/index.ts';
import { createMonthlyReportRepository, createMonthlyReportService } from './modules/monthly-report/index.ts';
import { createDashboardService } from './modules/dashboard/index.ts';
import {
  createRegistryRepository,
  createRegistryService,
  createSchoolSearchRepository,
  createSchoolSearchService,
} from './modules/registry/index.ts';
import {
  createKeySupervisionService,
  createSupervisionActionsService,
  createSupervisionRepository,
} from './modules/supervision/index.ts';
import { createTrainingHoursService } from './modules/training-hours/index.ts';
import { createTrainingReviewService } from './modules/training-review/index.ts';
import { createWorkOrdersRepository, createWorkOrdersService } from './modules/work-orders/index.ts';
import {
  createTelemetryRepository,
  createTelemetryService,
  createTerminalLinkService,
} from './modules/telemetry/index.ts';
import {
  createTerminalCommandsRepository,
  createTerminalCommandsService,
} from './modules/terminal-commands/index.ts';
import {
  createTrainingRecordsRepository,
  createTrainingRecordsService,
} from './modules/training-records/index.ts';
import { systemClock, type Clock } from './shared/clock.ts';
import { createDomainEventBus } from './shared/domain-events.ts';
import { createIdNumberVault, type IdNumberVault } from './shared/identity-number.ts';
import { createMetricsRegistry } from './shared/metrics.ts';

/**
 * Composition root: config -> database -> repositories -> services. Edges (HTTP, the TCP gateway; jobs
 * later) are built from the returned object. Wired by hand, in order, top to bottom.
 */
export type App = Awaited<ReturnType<typeof createApp>>;

export async function createApp(config: Config, options: { handle?: DbHandle; clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;
  const handle = options.handle ?? (await connect(config));
  const db: Database = handle.db;
  await migrate(db);

  const vault: IdNumberVault = createIdNumberVault(loadDataKey(config));

  const auditLog = createAuditLogRepository();
  const audit = createAuditLogService({ auditLog, clock });

  const identity = createIdentityService({
    db,
    identity: createIdentityRepository(),
    audit,
    clock,
    policy: {
      sessionTtlHours: config.SESSION_TTL_HOURS,
      maxFailures: config.LOGIN_MAX_FAILURES,
      lockMinutes: config.LOGIN_LOCK_MINUTES,
      attemptsPerMinutePerIp: config.LOGIN_ATTEMPTS_PER_MINUTE_PER_IP,
    },
  });

  const registry = createRegistryService({ db, registry: createRegistryRepository(), audit, vault, clock });
  const monitoring = createMonitoringService({ db, clock });

  // Telemetry from timing terminals. The services live here; the TCP edge that feeds them is started
  // by main.ts (ROLE all | gateway) or by tests, with `startGateway`.
  const metrics = createMetricsRegistry('jiapei_');
  const telemetryRepository = createTelemetryRepository();
  const telemetry = createTelemetryService({
    db,
    telemetry: telemetryRepository,
    clock,
    metrics,
    options: {
      queueCapacity: config.TELEMETRY_QUEUE_CAPACITY,
      batchSize: config.TELEMETRY_BATCH_SIZE,
      flushMs: config.TELEMETRY_FLUSH_MS,
      // PGlite is one connection; on PostgreSQL a few position INSERTs overlap (the pool holds 10).
      writers: handle.kind === 'pglite' ? 1 : 3,
    },
  });
  const terminalLink = createTerminalLinkService({
    db,
    telemetry: telemetryRepository,
    clock,
    policy: { signature: config.SIGNATURE_POLICY, maxSkewSeconds: config.AUTH_MAX_SKEW_S },
  });
  const trainingRecords = createTrainingRecordsService({
    db,
    records: createTrainingRecordsRepository(),
    clock,
    metrics,
    options: { futureToleranceSeconds: config.MINUTE_RECORD_FUTURE_TOLERANCE_S },
  });
  const terminalCommands = createTerminalCommandsService({
    db,
    commands: createTerminalCommandsRepository(),
    audit,
    clock,
  });

  // Training hours (issue 4): the audit engine, the review flow and the police link, joined by events.
  const events = createDomainEventBus();
  const trainingHours = createTrainingHoursService({ db, clock, audit, events });
  const trainingReview = createTrainingReviewService({ db, clock, audit, events, trainingHours });
  const examLink = createExamLinkService({ db, clock, audit, events, vault });
  // Anomaly detection (issue 6): audited terminal sessions get a risk score; high ones are announced
  // (anomaly.session_flagged) for the manual review queue.
  const anomaly = createAnomalyService({ db, clock, audit, events });
  const dashboard = createDashboardService({ db, clock, anomaly });
  // 人工审核 (issue 6): decisions flow into credited minutes through the engine's overrides.
  const manualReview = createManualReviewService({ db, clock, audit, events, trainingHours });
  // Public school search and profiles (issue 5); pass rates come from exam-link, not recomputed.
  const schoolSearch = createSchoolSearchService({
    db,
    search: createSchoolSearchRepository(),
    publicPassRates: examLink.publicPassRates,
    clock,
  });
  const content = createContentService({ db, content: createContentRepository(), audit, clock });
  // Evaluations (invited by stage.approved) and complaints (issue 5); they keep school_ratings and
  // school_complaint_stats, which the school search reads.
  // 工作日历: holidays and 调休 workdays that complaint and work-order deadlines count working days with.
  const calendar = createCalendarService({ db, repo: createCalendarRepository(), audit, clock });
  const feedbackRepository = createFeedbackRepository();
  const evaluations = createEvaluationsService({ db, repo: feedbackRepository, audit, clock, events });
  const complaints = createComplaintsService({ db, repo: feedbackRepository, audit, clock, calendar });
  // Work orders (issue 6): pushed on review.decided, created by regulators, disposed with evidence.
  const workOrders = createWorkOrdersService({
    db,
    repo: createWorkOrdersRepository(),
    audit,
    clock,
    events,
    calendar,
  });

  // The province's monthly report (issue 6): computed from the supervision tables, submitted by cities.
  const monthlyReport = createMonthlyReportService({
    db,
    repo: createMonthlyReportRepository(),
    audit,
    clock,
  });

  // Escrow ledger (issue 5): money in the supervised account at the bank (tools/bank-sandbox locally).
  // The bank calls back on our public address, known for certain only once the API listens.
  let publicUrl = (config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/$/, '');
  const escrow = createEscrowLedgerService({
    db,
    clock,
    audit,
    events,
    metrics,
    bank: createBankClient({
      url: config.BANK_URL,
      apiKey: config.BANK_API_KEY,
      timeoutMs: config.BANK_TIMEOUT_MS,
    }),
    creditedMinutes: async (traineeId) =>
      (await trainingHours.getTraineeProgress(traineeId)).totalCreditedMinutes,
    options: {
      callbackSecret: config.BANK_CALLBACK_SECRET,
      callbackUrl: () => `${publicUrl}/api/escrow/bank/callbacks`,
      payReturnUrl: () => `${publicUrl}/`,
    },
  });
  // Enrolment and the e-contract (issue 5): a countersigned contract opens the escrow contract.
  const contractTemplates = createContractTemplatesService({ db, clock, audit });
  const enrolment = createEnrolmentService({
    db,
    clock,
    audit,
    vault,
    identity,
    hashPassword,
    escrow,
    templates: contractTemplates,
  });

  // 重点监管 and the regulators' supervision actions (issue 6); enrolment and training records ask its
  // sanctions through the supervision module's index.
  const supervisionRepository = createSupervisionRepository();
  const keySupervision = createKeySupervisionService({ db, repo: supervisionRepository, audit, clock });
  const supervisionActions = createSupervisionActionsService({
    db,
    repo: supervisionRepository,
    audit,
    clock,
    workOrders,
  });

  return {
    config,
    clock,
    db,
    dbKind: handle.kind,
    vault,
    audit,
    identity,
    registry,
    monitoring,
    dashboard,
    metrics,
    telemetry,
    terminalLink,
    trainingRecords,
    terminalCommands,
    events,
    trainingHours,
    trainingReview,
    anomaly,
    manualReview,
    examLink,
    schoolSearch,
    content,
    calendar,
    evaluations,
    complaints,
    workOrders,
    monthlyReport,
    escrow,
    contractTemplates,
    enrolment,
    keySupervision,
    supervisionActions,
    /** Where the bank reaches us; main.ts and tests set it once the API listens (unless PUBLIC_URL is set). */
    setPublicUrl: (url: string) => {
      if (!config.PUBLIC_URL) publicUrl = url.replace(/\/$/, '');
    },
    schemaVersion: () => schemaVersion(db),
    close: () => handle.close(),
  };
}

/**
 * The key protecting identity numbers. From DATA_KEY when set; otherwise, for the embedded database,
 * generated once beside the data (mode 0600) so a fresh checkout works without setup and never commits it.
 */
function loadDataKey(config: Config): Buffer {
  if (config.DATA_KEY) return decodeKey(config.DATA_KEY);
  const keyPath = path.join(config.dataDir, 'data.key');
  if (!fs.existsSync(keyPath)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(keyPath, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return decodeKey(fs.readFileSync(keyPath, 'utf8').trim());
}

function decodeKey(b64: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new Error('DATA_KEY must be 32 bytes, base64-encoded');
  return key;
}
