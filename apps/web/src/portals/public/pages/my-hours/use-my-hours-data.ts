import { useState } from 'react';
import { useFileAppeal, useMyLedger, useMyLog } from '../../../../features/training/queries.ts';

/** The trainee's ledger, the one log opened in the drawer, and the appeal being written. */
export function useMyHoursData() {
  const ledger = useMyLedger();
  const [openLogId, setOpenLogId] = useState<string | null>(null);
  const detail = useMyLog(openLogId);
  const [appealLogId, setAppealLogId] = useState<string | null>(null);
  // One key per appeal form: a retried submit (double click, flaky network) is the same appeal.
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const fileAppeal = useFileAppeal();

  const startAppeal = (logId: string) => {
    setIdempotencyKey(crypto.randomUUID());
    setAppealLogId(logId);
  };
  const submitAppeal = async (reason: string) => {
    if (!appealLogId) return;
    await fileAppeal.mutateAsync({ logId: appealLogId, reason, idempotencyKey });
    setAppealLogId(null);
  };

  return {
    ledger,
    openLogId,
    setOpenLogId,
    detail,
    appealLogId,
    startAppeal,
    cancelAppeal: () => setAppealLogId(null),
    submitAppeal,
    appealPending: fileAppeal.isPending,
    appealError: fileAppeal.error,
  };
}
