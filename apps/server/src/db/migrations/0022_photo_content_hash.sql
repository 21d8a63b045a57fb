-- Identical photos in different sessions (RULES §3): a camera never takes the same picture twice, so the
-- same bytes uploaded again are a stored picture sent instead of a live shot. The hash is kept beside the
-- bytes (computed by the database when the photo completes) and indexed, so the anomaly scorer finds an
-- earlier copy with one index probe per photo instead of comparing pictures.
ALTER TABLE photos ADD COLUMN content_sha256 bytea GENERATED ALWAYS AS (sha256(data)) STORED;
CREATE INDEX photos_content_sha256_idx ON photos (content_sha256) WHERE content_sha256 IS NOT NULL;
