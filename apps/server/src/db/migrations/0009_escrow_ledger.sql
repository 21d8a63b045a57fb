-- Escrow ledger (issue 5, RULES §8): fees are paid into a supervised account at a bank and released to
-- the school as training progresses; the rest goes back to the trainee. The journal is double entry,
-- append-only and idempotent: every transaction's postings sum to zero (debits positive, credits
-- negative, integer 分), balances are sums of postings and never stored, and every write carries an
-- idempotency key so a retried request or a redelivered bank callback posts nothing twice.

-- A minimal contract, enough for the ledger to know price, per-hour price and release plan. The
-- enrolment module (issue 5, later) owns the signed contract text and links its contracts to these.
CREATE TABLE escrow_contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  class_type_id uuid REFERENCES class_types (id),
  price_fen bigint NOT NULL CHECK (price_fen > 0),
  -- The value of one verified training hour (60 credited minutes): what a withdrawal charges per hour.
  per_hour_fen bigint NOT NULL CHECK (per_hour_fen >= 0),
  -- {"kind":"stages","steps":[{"on":"enrolment","percent":10},{"on":"part","part":1,"percent":30},…]}
  -- or {"kind":"hours","upfrontPercent":30}; validated by release-plan.ts.
  release_plan jsonb NOT NULL,
  -- Credited minutes the trainee already had when this contract began (hours stay with the trainee on
  -- a transfer, so a new contract charges only for training after it started).
  minutes_at_start integer NOT NULL DEFAULT 0 CHECK (minutes_at_start >= 0),
  status text NOT NULL DEFAULT 'awaiting_payment'
    CHECK (status IN ('awaiting_payment', 'active', 'withdrawn', 'transferred', 'completed')),
  transferred_from uuid REFERENCES escrow_contracts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX escrow_contracts_trainee_idx ON escrow_contracts (trainee_id);
CREATE INDEX escrow_contracts_school_idx ON escrow_contracts (school_id);

-- Accounts: the supervised account's cash at the bank (an asset, debit-normal), each contract's escrow,
-- each school's payable (released, bank transfer not yet confirmed) and each contract's refund payable
-- (credit-normal liabilities). floor_zero accounts may never go below zero.
CREATE TABLE ledger_accounts (
  code text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('bank_cash', 'escrow', 'school_payable', 'refund_payable')),
  normal_side text NOT NULL CHECK (normal_side IN ('debit', 'credit')),
  floor_zero boolean NOT NULL,
  contract_id uuid REFERENCES escrow_contracts (id),
  school_id uuid REFERENCES schools (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ledger_accounts (code, kind, normal_side, floor_zero) VALUES ('bank_cash', 'bank_cash', 'debit', false);

CREATE TABLE ledger_transactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- payment:<bank payment id>, release:<contract>:<step>, refund:<contract>, settle:<payout>, …
  idempotency_key text NOT NULL UNIQUE,
  -- SHA-256 of the request's facts: a retry with the same key must carry the same facts.
  request_hash char(64) NOT NULL,
  kind text NOT NULL CHECK (kind IN ('payment', 'release', 'refund', 'transfer', 'payout_settled')),
  contract_id uuid REFERENCES escrow_contracts (id),
  -- For movements of the bank's cash: the bank's payment or transfer id and its booking time, which
  -- daily reconciliation matches against the bank's statement. One bank movement, one transaction.
  bank_ref text UNIQUE,
  bank_booked_at timestamptz,
  memo jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((bank_ref IS NULL) = (bank_booked_at IS NULL))
);
CREATE INDEX ledger_transactions_contract_idx ON ledger_transactions (contract_id);
CREATE INDEX ledger_transactions_booked_idx ON ledger_transactions (bank_booked_at) WHERE bank_ref IS NOT NULL;

CREATE TABLE ledger_postings (
  transaction_id bigint NOT NULL REFERENCES ledger_transactions (id),
  account_code text NOT NULL REFERENCES ledger_accounts (code),
  -- Debit positive, credit negative, in 分.
  amount_fen bigint NOT NULL CHECK (amount_fen <> 0),
  PRIMARY KEY (transaction_id, account_code)
);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (account_code);

-- Append-only: the application never updates or deletes journal rows (as audit_log, 0002).
CREATE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
  FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();

-- Checked at commit (deferred), after all postings of a transaction are in: it balances to zero with at
-- least two postings, and no floor_zero account it touched is below zero. The service checks the same
-- before writing (under a row lock on each floor_zero account); this is the database's own guarantee,
-- which also catches a posting added later to an old transaction.
CREATE FUNCTION ledger_check_posting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  n integer;
  side text;
  floor boolean;
  balance bigint;
BEGIN
  SELECT coalesce(sum(amount_fen), 0), count(*) INTO total, n
    FROM ledger_postings WHERE transaction_id = NEW.transaction_id;
  IF total <> 0 OR n < 2 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance: sum % over % postings', NEW.transaction_id, total, n;
  END IF;
  SELECT normal_side, floor_zero INTO side, floor FROM ledger_accounts WHERE code = NEW.account_code;
  IF floor THEN
    SELECT coalesce(sum(amount_fen), 0) INTO balance FROM ledger_postings WHERE account_code = NEW.account_code;
    IF (CASE WHEN side = 'debit' THEN balance ELSE -balance END) < 0 THEN
      RAISE EXCEPTION 'ledger account % would go below zero', NEW.account_code;
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_postings_balance AFTER INSERT ON ledger_postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_posting();

-- A journal transaction without postings would be invisible to the check above.
CREATE FUNCTION ledger_check_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM ledger_postings WHERE transaction_id = NEW.id) < 2 THEN
    RAISE EXCEPTION 'ledger transaction % has fewer than two postings', NEW.id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_transactions_have_postings AFTER INSERT ON ledger_transactions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_transaction();

-- A payment is pending until the bank's signed callback confirms it; only then is anything posted.
CREATE TABLE escrow_payment_intents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL REFERENCES escrow_contracts (id),
  -- The caller's key: a retried "pay" request returns the same intent and the same bank payment.
  idempotency_key text NOT NULL UNIQUE,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  bank_payment_id text UNIQUE,
  pay_url text,
  status text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'pending', 'confirmed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz
);
CREATE INDEX escrow_payment_intents_contract_idx ON escrow_payment_intents (contract_id);

-- Money leaving the supervised account (a release to a school, a refund to a trainee): created in the
-- transaction that posts the release or refund, sent to the bank until it confirms (the bank is
-- idempotent on the payout id), then settled by a journal transaction keyed on the payout.
CREATE TABLE escrow_payouts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL REFERENCES escrow_contracts (id),
  kind text NOT NULL CHECK (kind IN ('release', 'refund')),
  payable_account text NOT NULL REFERENCES ledger_accounts (code),
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  -- school:<id> or trainee:<id>
  beneficiary text NOT NULL,
  source_transaction_id bigint NOT NULL REFERENCES ledger_transactions (id),
  bank_transfer_id text UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'settled')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  -- A withdrawal pays the school and refunds the trainee from one journal transaction: one payout each.
  UNIQUE (source_transaction_id, payable_account)
);
CREATE INDEX escrow_payouts_pending_idx ON escrow_payouts (next_attempt_at) WHERE status = 'pending';

-- Bank callbacks accepted (by the bank's event id): a redelivery is acknowledged and changes nothing.
CREATE TABLE bank_callbacks (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Daily reconciliation against the bank's statement, one row per run (runs are append-only history).
CREATE TABLE escrow_reconciliations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  day date NOT NULL,
  bank_closing_fen bigint NOT NULL,
  ledger_closing_fen bigint NOT NULL,
  bank_day_net_fen bigint NOT NULL,
  ledger_day_net_fen bigint NOT NULL,
  -- bank closing − ledger closing; 0 when they agree.
  difference_fen bigint NOT NULL,
  -- Movements on one side only, or with different amounts: [{ref, bankFen, ledgerFen}]
  mismatches jsonb NOT NULL DEFAULT '[]'::jsonb,
  ran_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX escrow_reconciliations_day_idx ON escrow_reconciliations (day, ran_at);

CREATE TABLE escrow_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('reconciliation_difference')),
  day date,
  reconciliation_id uuid REFERENCES escrow_reconciliations (id),
  difference_fen bigint NOT NULL DEFAULT 0,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  raised_at timestamptz NOT NULL DEFAULT now()
);
