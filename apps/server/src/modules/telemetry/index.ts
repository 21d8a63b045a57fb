export { createBoundedQueue, type BoundedQueue } from './bounded-queue.ts';
export {
  createTelemetryRepository,
  type TelemetryRepository,
  type TerminalIdentity,
  type TerminalStatusRow,
} from './telemetry.repository.ts';
export {
  createTelemetryService,
  DropReason,
  type PositionInput,
  type SessionPatch,
  type TelemetryService,
} from './telemetry.service.ts';
export {
  createTerminalLinkService,
  phoneMatchesSim,
  simCandidates,
  type AuthenticationOutcome,
  type RegistrationOutcome,
  type SignaturePolicy,
  type TerminalLinkService,
} from './terminal-link.service.ts';
