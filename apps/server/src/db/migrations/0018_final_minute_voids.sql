-- A regulator who finds fault in 人工审核 (a partial or invalid decision) voids the minutes it names for
-- good: the 75 % rule, which forgives minutes lost to the terminal or the rules, must not credit them
-- back (keeping 10 of 20 minutes would otherwise credit ⌊10 × 4/3⌋ = 13). Only a void can be final; a
-- later override of the minute (a reopened review deciding valid) clears it.
ALTER TABLE minute_verdicts
  ADD COLUMN override_final boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT minute_verdicts_final_is_void CHECK (NOT override_final OR override_valid = false);
