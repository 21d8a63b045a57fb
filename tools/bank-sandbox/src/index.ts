export {
  createBankSandbox,
  noFaults,
  type BankSandbox,
  type Faults,
  type SandboxOptions,
} from './sandbox.ts';
export { createBankStore, type BankStore, type Payment, type Transfer, type Callback } from './store.ts';
export { CALLBACK_HEADERS, signCallback } from './signing.ts';
