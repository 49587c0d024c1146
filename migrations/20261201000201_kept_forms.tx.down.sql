DELETE FROM pending_uploads WHERE kind = 'kept_form';
ALTER TABLE pending_uploads DROP CONSTRAINT pending_uploads_kind_check;
ALTER TABLE pending_uploads ADD CONSTRAINT pending_uploads_kind_check
    CHECK (kind IN ('agenda_import', 'consultation_tracker'));
