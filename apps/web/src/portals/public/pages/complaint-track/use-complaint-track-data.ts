import { useSearchParams } from 'react-router';
import { useComplaintLookup, usePublicSatisfaction } from '../../../../features/feedback/queries.ts';

/** The tracking number comes from the URL (the result page links here); the phone is never put in it. */
export function useComplaintTrackData(lookup: { trackingNumber: string; phone: string } | null) {
  const [params] = useSearchParams();
  return {
    initialNumber: params.get('no') ?? '',
    complaint: useComplaintLookup(lookup),
    satisfaction: usePublicSatisfaction(),
  };
}
