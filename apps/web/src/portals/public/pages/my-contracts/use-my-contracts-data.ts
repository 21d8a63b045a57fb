import { useMyContracts } from '../../../../features/enrolment/queries.ts';

export function useMyContractsData() {
  return useMyContracts();
}
