-- Ending a user's login sessions must hold even against a request already in flight that
-- writes its session back after the rows were deleted: each login remembers the user's
-- session epoch, and ending the sessions moves the epoch on.
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;

-- TRUNCATE bypasses row triggers: the audit log refuses it as well.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
