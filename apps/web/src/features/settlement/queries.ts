import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/http.ts';
import type { ResponseOf } from '../../api/types.ts';

export type SchoolSettlement = ResponseOf<'/api/escrow/school/settlement', 'get'>;
export type SettlementRow = SchoolSettlement['contracts'][number];
/** Released, paid out and refunded in one calendar month (China time), newest first. */
export type SettlementMonth = SchoolSettlement['months'][number];

export const settlementKeys = {
  all: ['settlement'] as const,
  school: () => [...settlementKeys.all, 'school'] as const,
};

/** The signed-in school's settlement: funded, still in escrow, released (paid or pending), refunded. */
export function useSchoolSettlement() {
  return useQuery({
    queryKey: settlementKeys.school(),
    queryFn: ({ signal }) => unwrap(api.GET('/api/escrow/school/settlement', { signal })),
  });
}
