import { useEscrowOverview, useRunReconciliation } from '../../../../features/escrow-admin/queries.ts';

/** The region's escrow by school, reconciliations and alerts, and re-running a day's reconciliation. */
export function useEscrowData() {
  const overview = useEscrowOverview();
  const reconcile = useRunReconciliation();
  return { overview, reconcile };
}
