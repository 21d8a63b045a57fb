/**
 * Withdrawal (退学退费), explained line by line to the trainee (RULES §8): the training received is
 * valued at the contract's per-hour price; what of that the school has not yet been paid is released
 * to it from escrow, and everything else left in escrow goes back to the trainee. The school never
 * gets more than what is left, and the trainee never pays more than what was escrowed.
 */
export type SettlementLine = {
  /** Stable code the UI translates (i18n `escrow.settlement.<code>`). */
  code:
    | 'funded'
    | 'released_before'
    | 'escrow_remaining'
    | 'hours_trained'
    | 'training_value'
    | 'owed_to_school'
    | 'refund';
  amountFen: number;
  /** For hours_trained: the credited minutes; for training_value: the per-hour price. */
  minutes?: number;
  perHourFen?: number;
};

export type Settlement = {
  lines: SettlementLine[];
  /** Released to the school now, from escrow. */
  schoolFen: number;
  /** Paid back to the trainee (or moved to the new contract on a transfer). */
  refundFen: number;
};

export function settleWithdrawal(input: {
  fundedFen: number;
  releasedFen: number;
  escrowFen: number;
  creditedMinutes: number;
  perHourFen: number;
}): Settlement {
  const minutes = Math.max(0, input.creditedMinutes);
  const trainingValueFen = Math.floor((minutes * input.perHourFen) / 60);
  const owed = Math.max(0, trainingValueFen - input.releasedFen);
  const schoolFen = Math.min(input.escrowFen, owed);
  const refundFen = input.escrowFen - schoolFen;
  return {
    schoolFen,
    refundFen,
    lines: [
      { code: 'funded', amountFen: input.fundedFen },
      { code: 'released_before', amountFen: input.releasedFen },
      { code: 'escrow_remaining', amountFen: input.escrowFen },
      { code: 'hours_trained', amountFen: 0, minutes },
      { code: 'training_value', amountFen: trainingValueFen, minutes, perHourFen: input.perHourFen },
      { code: 'owed_to_school', amountFen: schoolFen },
      { code: 'refund', amountFen: refundFen },
    ],
  };
}
