import { useState } from 'react';
import {
  useCountersign,
  useSchoolContract,
  useSchoolContracts,
  type ContractStatus,
} from '../../../../features/contracts/queries.ts';

export type ContractFilter = ContractStatus | 'all';

/** The school's contracts (those awaiting its countersignature first), the one open, countersigning. */
export function useContractsData() {
  const [filter, setFilter] = useState<ContractFilter>('awaiting_school_signature');
  const list = useSchoolContracts(filter === 'all' ? undefined : filter);
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useSchoolContract(openId);
  const countersign = useCountersign();
  return { filter, setFilter, list, openId, setOpenId, detail, countersign };
}
