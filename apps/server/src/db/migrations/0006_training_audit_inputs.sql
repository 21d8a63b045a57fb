-- Inputs the automatic audit needs that 0004 did not keep, and the re-audit queue.
-- RULES §2 rule 3 (engine speed 0) and rule 4 (行驶记录速度 0) read the 附加GNSS数据包 of each minute record
-- (REFERENCE §1.7/§1.8); NULL means the terminal did not report it, and the rule is then not applied.
ALTER TABLE minute_records
  ADD COLUMN engine_rpm integer CHECK (engine_rpm >= 0),
  ADD COLUMN recorder_speed_decikmh integer CHECK (recorder_speed_decikmh >= 0);

-- A teaching log whose verdict must be (re)computed: set on assembly, on a new rule set that applies to
-- it, and cleared by the audit job. Re-auditing is idempotent, so a log audited twice is harmless.
ALTER TABLE teaching_logs ADD COLUMN audit_due boolean NOT NULL DEFAULT true;
CREATE INDEX teaching_logs_audit_due_idx ON teaching_logs (trainee_id) WHERE audit_due;

-- Finished sign-ins not yet assembled into a teaching log are found through this index.
CREATE INDEX trainee_sign_ins_signed_out_idx ON trainee_sign_ins (signed_out_at) WHERE signed_out_at IS NOT NULL;
