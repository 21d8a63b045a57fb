import { describe, expect, it } from 'vitest';
import type { ContractSummary, EnrolmentContract } from '../../../../features/enrolment/queries.ts';
import { laterContract } from './use-my-contract-data.ts';

const summary = (id: string, status: ContractSummary['status'], createdAt: string) =>
  ({ id, status, createdAt }) as ContractSummary;
const detail = (
  id: string,
  status: EnrolmentContract['status'],
  createdAt: string,
  from: string | null = null,
) => ({ id, status, createdAt, transferFromContractId: from }) as EnrolmentContract;

describe('laterContract (the candidate new side of a transfer from this contract)', () => {
  const old = detail('old', 'active', '2026-11-01T00:00:00.000Z');

  it('picks the newest non-cancelled contract made after this one', () => {
    const list = [
      summary('old', 'active', '2026-11-01T00:00:00.000Z'),
      summary('cancelled', 'cancelled', '2026-11-20T00:00:00.000Z'),
      summary('first-try', 'awaiting_school_signature', '2026-11-10T00:00:00.000Z'),
      summary('earlier', 'cancelled', '2026-10-01T00:00:00.000Z'),
    ];
    expect(laterContract(list, old)?.id).toBe('first-try');
  });

  it('finds nothing when no contract came later, or for a contract that cannot have been left', () => {
    expect(laterContract([summary('old', 'active', '2026-11-01T00:00:00.000Z')], old)).toBeUndefined();
    const later = [summary('new', 'awaiting_trainee_signature', '2026-11-10T00:00:00.000Z')];
    expect(
      laterContract(later, detail('x', 'awaiting_school_signature', '2026-11-01T00:00:00.000Z')),
    ).toBeUndefined();
    // A transfer contract's other side is the one it names, not a later one.
    expect(laterContract(later, detail('x', 'active', '2026-11-01T00:00:00.000Z', 'older'))).toBeUndefined();
    expect(laterContract(undefined, old)).toBeUndefined();
  });

  it('still finds the new side once this contract is transferred', () => {
    const list = [summary('new', 'active', '2026-11-10T00:00:00.000Z')];
    expect(laterContract(list, detail('old', 'transferred', '2026-11-01T00:00:00.000Z'))?.id).toBe('new');
  });
});
