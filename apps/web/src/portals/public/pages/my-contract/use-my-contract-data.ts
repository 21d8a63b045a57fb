import { useParams } from 'react-router';
import {
  useContract,
  useSignContract,
  useStartContractPayment,
} from '../../../../features/enrolment/queries.ts';
import { useMyEscrow } from '../../../../features/escrow/queries.ts';

export function useMyContractData() {
  const { contractId = '' } = useParams<{ contractId: string }>();
  const contract = useContract(contractId);
  const escrowId = contract.data?.escrow?.contractId;
  const escrow = useMyEscrow(Boolean(escrowId));
  return {
    contractId,
    contract,
    escrow,
    escrowContract: escrow.data?.find((c) => c.id === escrowId) ?? null,
    sign: useSignContract(contractId),
    startPayment: useStartContractPayment(contractId),
  };
}
