-- Replay protection for signed integration-client requests (the police exam link first). A request's
-- nonce is kept until its timestamp can no longer pass the freshness check; a second request with the
-- same client and nonce inside that window is a replay. Kept in the database, not in memory, so it
-- holds across restarts and across API replicas.
CREATE TABLE integration_nonces (
  integration_client_id uuid NOT NULL REFERENCES integration_clients (id),
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (integration_client_id, nonce)
);
CREATE INDEX integration_nonces_expiry_idx ON integration_nonces (expires_at);
