-- Per-school signing keys for 阶段报审 records: a stand-in for the school's UKey / 电子签章. The key pair
-- is generated server-side the first time a school submits a stage and never leaves the server; the
-- public key is what a regulator (or anyone holding the record) verifies the signature with.
CREATE TABLE school_signing_keys (
  school_id uuid PRIMARY KEY REFERENCES schools (id),
  algorithm text NOT NULL CHECK (algorithm IN ('RSA-SHA256')),
  public_key_pem text NOT NULL,
  private_key_pem text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
