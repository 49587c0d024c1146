-- A form whose login ended before it was saved (an answer, a review, a brief) waits in
-- pending_uploads under its writer's account, as one more kind of pending payload, until
-- they log in again and save it, or it expires.
ALTER TABLE pending_uploads DROP CONSTRAINT pending_uploads_kind_check;
ALTER TABLE pending_uploads ADD CONSTRAINT pending_uploads_kind_check
    CHECK (kind IN ('agenda_import', 'consultation_tracker', 'kept_form'));
