export {
  createEscrowLedgerService,
  chinaDay,
  type EscrowLedgerService,
  type OpenContract,
} from './escrow-ledger.service.ts';
export { escrowLedgerRoutes } from './escrow-ledger.routes.ts';
export {
  createBankClient,
  signCallback,
  isCallbackSignatureValid,
  CALLBACK_HEADERS,
  BankRefusal,
  type BankClient,
} from './bank-client.ts';
export { parseReleasePlan, stepAmounts, type ReleasePlan } from './release-plan.ts';
export { settleWithdrawal, type Settlement, type SettlementLine } from './settlement.ts';
export { findInvariantViolations } from './ledger.ts';
