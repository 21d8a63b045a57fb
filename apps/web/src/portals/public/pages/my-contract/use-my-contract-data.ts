import { useEffect } from 'react';
import { useParams } from 'react-router';
import {
  useContract,
  useMyContracts,
  useSignContract,
  useStartContractPayment,
} from '../../../../features/enrolment/queries.ts';
import type { ContractSummary, EnrolmentContract } from '../../../../features/enrolment/queries.ts';
import { useMyEscrow } from '../../../../features/escrow/queries.ts';

/**
 * The newest of the trainee's other contracts made after this one: the only contract that can have
 * been a transfer from it (the server allows one contract in progress at a time, and a transfer
 * names the active contract). Whether it really is one is read from its own transferFromContractId.
 */
export function laterContract(
  contracts: readonly ContractSummary[] | undefined,
  current: EnrolmentContract | undefined,
) {
  if (!contracts || !current || current.transferFromContractId) return undefined;
  if (current.status !== 'active' && current.status !== 'transferred') return undefined;
  return contracts
    .filter((c) => c.id !== current.id && c.status !== 'cancelled' && c.createdAt > current.createdAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

export function useMyContractData() {
  const { contractId = '' } = useParams<{ contractId: string }>();
  const contract = useContract(contractId);
  const escrowId = contract.data?.escrow?.contractId;
  const escrow = useMyEscrow(Boolean(escrowId));
  const myContracts = useMyContracts(Boolean(contract.data));
  const candidate = laterContract(myContracts.data, contract.data);
  // The other side of a transfer: the old contract (from the new one) or the new one (from the old).
  const linkedId = contract.data?.transferFromContractId ?? candidate?.id;
  const linkedQuery = useContract(linkedId);
  const linkedData = linkedQuery.data;
  const linked =
    linkedData &&
    (linkedData.id === contract.data?.transferFromContractId ||
      linkedData.transferFromContractId === contractId)
      ? linkedData
      : null;
  // The transfer finishes on the server when the new school countersigns (the new contract is
  // polled meanwhile); this contract and its escrow change then too, so they are read again.
  const transferJustDone = linked?.transferDone === true && contract.data?.status === 'active';
  const { refetch: refetchContract } = contract;
  const { refetch: refetchEscrow } = escrow;
  useEffect(() => {
    if (!transferJustDone) return;
    void refetchContract();
    void refetchEscrow();
  }, [transferJustDone, refetchContract, refetchEscrow]);
  return {
    contractId,
    contract,
    escrow,
    escrowContract: escrow.data?.find((c) => c.id === escrowId) ?? null,
    linked,
    sign: useSignContract(contractId),
    startPayment: useStartContractPayment(contractId),
  };
}
