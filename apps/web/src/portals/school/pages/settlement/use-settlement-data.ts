import { useSchoolSettlement } from '../../../../features/settlement/queries.ts';

/** The school's settlement, totals and one row per escrow contract. */
export function useSettlementData() {
  const settlement = useSchoolSettlement();
  return { settlement };
}
