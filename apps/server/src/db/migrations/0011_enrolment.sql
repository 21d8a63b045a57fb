-- Enrolment and the e-contract (issue 5, RULES §8 "unified contract text"): the city regulator's
-- versioned contract templates, the trainee's real-name application, the contract generated from the
-- template in force with every term filled, the trainee's signature and the school's countersignature.
-- A countersigned contract opens the escrow ledger's contract (escrow_contracts, 0009) in the same
-- transaction; the ledger owns the money, this module owns the signed text.

-- An applicant is a trainee whose contract is not countersigned yet: they have an account, a trainee
-- number and a row the contract can name, but they are not on a school's training roster.
ALTER TABLE trainees DROP CONSTRAINT trainees_status_check;
ALTER TABLE trainees ADD CONSTRAINT trainees_status_check
  CHECK (status IN ('applicant', 'training', 'graduated', 'withdrawn'));

-- 合同示范文本: one row per version of a city's template. A draft may be edited; a published version
-- never changes (trigger below), so a contract always points at the exact text it was generated from.
CREATE TABLE contract_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  city_code char(6) NOT NULL REFERENCES regions (code),
  version integer NOT NULL CHECK (version > 0),
  title text NOT NULL,
  -- The contract text with {{placeholders}}; enrolment.templates.ts lists them and which are required.
  body text NOT NULL,
  -- One of the escrow ledger's release plans (release-plan.ts), validated by it.
  release_plan jsonb NOT NULL,
  refund_rule text NOT NULL,
  dispute_clause text NOT NULL,
  -- The value of one verified training hour: what a withdrawal or transfer charges per hour (计时收费).
  per_hour_fen bigint NOT NULL CHECK (per_hour_fen >= 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  -- The version in force for a city is the newest published one whose effective_from has passed.
  effective_from timestamptz,
  published_at timestamptz,
  created_by uuid REFERENCES users (id),
  -- The creating request's key: a retried "new version" returns the same draft.
  idempotency_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (city_code, version),
  CHECK ((status = 'published') = (published_at IS NOT NULL AND effective_from IS NOT NULL))
);
CREATE INDEX contract_templates_in_force_idx ON contract_templates (city_code, effective_from DESC)
  WHERE status = 'published';

CREATE FUNCTION contract_templates_freeze() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'contract template % version % is published and cannot change', OLD.city_code, OLD.version;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER contract_templates_frozen BEFORE UPDATE OR DELETE ON contract_templates
  FOR EACH ROW EXECUTE FUNCTION contract_templates_freeze();

-- The applicant's identity photo (a small JPEG or PNG, checked by size and magic bytes).
CREATE TABLE trainee_photos (
  trainee_id uuid PRIMARY KEY REFERENCES trainees (id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  bytes bytea NOT NULL,
  sha256 char(64) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enrolment_contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_number text NOT NULL UNIQUE,
  trainee_id uuid NOT NULL REFERENCES trainees (id),
  school_id uuid NOT NULL REFERENCES schools (id),
  class_type_id uuid NOT NULL REFERENCES class_types (id),
  template_id uuid NOT NULL REFERENCES contract_templates (id),
  price_fen bigint NOT NULL CHECK (price_fen > 0),
  per_hour_fen bigint NOT NULL CHECK (per_hour_fen >= 0),
  release_plan jsonb NOT NULL,
  -- Every placeholder's value as filled in, and the full text the trainee reads and signs.
  terms jsonb NOT NULL,
  text text NOT NULL,
  text_sha256 char(64) NOT NULL,
  status text NOT NULL DEFAULT 'awaiting_trainee_signature' CHECK (status IN (
    'awaiting_trainee_signature', 'awaiting_school_signature', 'active', 'transferred', 'cancelled'
  )),
  -- The trainee's signature: typed name, explicit consent, server time; its SHA-256 covers the text's hash.
  trainee_signed_name text,
  trainee_signed_at timestamptz,
  trainee_signature_sha256 char(64),
  -- The school's countersignature: RSA-SHA256 (school_signing_keys, 0008) over the canonical signing record.
  school_signed_at timestamptz,
  school_signed_by uuid REFERENCES users (id),
  school_signature text,
  escrow_contract_id uuid UNIQUE REFERENCES escrow_contracts (id),
  -- 转学: the trainee's active contract when this one was created; its escrow moves here once this one
  -- is countersigned. transfer_done_at is set when the ledger has moved it (or there was nothing to move).
  transfer_from uuid REFERENCES enrolment_contracts (id),
  transfer_done_at timestamptz,
  -- The creating request's idempotency key and the SHA-256 of its facts (a retry must repeat them).
  idempotency_key text NOT NULL UNIQUE,
  request_hash char(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((trainee_signed_at IS NULL) = (trainee_signature_sha256 IS NULL)),
  CHECK ((school_signed_at IS NULL) = (school_signature IS NULL))
);
CREATE INDEX enrolment_contracts_trainee_idx ON enrolment_contracts (trainee_id, created_at);
CREATE INDEX enrolment_contracts_school_idx ON enrolment_contracts (school_id, status, created_at);
-- At most one contract in progress per trainee: a second tab cannot start a parallel enrolment.
CREATE UNIQUE INDEX enrolment_contracts_one_pending_idx ON enrolment_contracts (trainee_id)
  WHERE status IN ('awaiting_trainee_signature', 'awaiting_school_signature');
