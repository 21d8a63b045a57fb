-- When a school closed. Without it the monthly report (附件2) could only count a school as existing in a
-- month when it was "not closed now", so a recomputed old month lost every school closed since. With it a
-- school exists in month M when registered before M's end and not closed before M's start.
--
-- The registry's rule, kept at the table so every writer obeys it: closing a school stamps closed_at (the
-- writer's value when it gives one, e.g. a service's injected clock; else the transaction's time);
-- reopening it (any other status) clears it. closed_at is set exactly when the status is closed.
ALTER TABLE schools ADD COLUMN closed_at timestamptz;

-- Schools closed before this migration: their row's last change (updated_at) is the best date there is.
-- Nothing edits a closed school's row today, so that is when it was closed, or later for a row edited
-- after closing (the school then counts a little longer, never shorter).
UPDATE schools SET closed_at = updated_at WHERE status = 'closed';

CREATE FUNCTION schools_closed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'closed' AND NEW.closed_at IS NULL THEN
    NEW.closed_at := now();
  ELSIF TG_OP = 'UPDATE' AND NEW.status <> 'closed' AND OLD.status = 'closed' THEN
    NEW.closed_at := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER schools_closed_at BEFORE INSERT OR UPDATE OF status, closed_at ON schools
  FOR EACH ROW EXECUTE FUNCTION schools_closed_at();

ALTER TABLE schools
  ADD CONSTRAINT schools_closed_at_when_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL));
