DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
ALTER TABLE users DROP COLUMN IF EXISTS session_epoch;
