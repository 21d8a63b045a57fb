import { useMyComplaints, useMySatisfaction } from '../../../../features/feedback/queries.ts';

export function useMyComplaintsData() {
  return { complaints: useMyComplaints(), satisfaction: useMySatisfaction() };
}
