import { useSession } from '../../../../features/auth/session-context.tsx';
import { useRegulatorOverview } from '../../../../features/regulator/queries.ts';

/** Figures per county of the regulator's region, with the region totals. */
export function useOverviewData() {
  const { access } = useSession();
  return useRegulatorOverview({ enabled: access.canSeeRegulatorOverview });
}
