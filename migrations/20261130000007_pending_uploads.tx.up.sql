-- One table for every preview-then-confirm flow: the checked rows of an upload wait here,
-- under a token, for the person who uploaded them to confirm them. kind names the flow, so
-- that a token of one flow can never confirm another; payload is what the flow kept, as
-- its preview showed it.
--
-- It replaces agenda_imports and consultation_uploads, whose rows move here; those tables
-- stay, empty and unused, because a shipped table is never dropped.

CREATE TABLE pending_uploads (
    token      text PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('agenda_import', 'consultation_tracker')),
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    payload    jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX pending_uploads_expires_at_idx ON pending_uploads (expires_at);

INSERT INTO pending_uploads (token, kind, user_id, payload, created_at, expires_at)
SELECT id, 'agenda_import', user_id,
       jsonb_build_object('session_id', session_id, 'filename', filename, 'rows', rows),
       created_at, created_at + interval '1 hour'
FROM agenda_imports;

INSERT INTO pending_uploads (token, kind, user_id, payload, created_at, expires_at)
SELECT id, 'consultation_tracker', user_id,
       jsonb_build_object('ministry_id', ministry_id, 'filename', filename, 'rows', rows),
       created_at, created_at + interval '1 hour'
FROM consultation_uploads;

DELETE FROM agenda_imports;
DELETE FROM consultation_uploads;
