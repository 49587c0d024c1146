-- A reopened final brief stays readable to the delegation as it was last made final,
-- until a new text is final: the brief remembers its last final revision, and when the
-- final text was reopened.
ALTER TABLE briefs
    ADD COLUMN final_revision_id bigint,
    ADD COLUMN reopened_at timestamptz;

UPDATE briefs b SET final_revision_id = (
    SELECT e.revision_id FROM brief_events e
    WHERE e.brief_id = b.id AND e.action = 'finalise' ORDER BY e.id DESC LIMIT 1);
UPDATE briefs b SET reopened_at = (
    SELECT e.created_at FROM brief_events e
    WHERE e.brief_id = b.id AND e.action = 'reopen' AND e.revision_id = b.final_revision_id
    ORDER BY e.id DESC LIMIT 1)
WHERE b.status <> 'final' AND b.final_revision_id IS NOT NULL;
-- A final text reopened before its reopening was recorded with its revision: its brief's
-- last change is when it was reopened, at the latest.
UPDATE briefs SET reopened_at = updated_at
WHERE status <> 'final' AND final_revision_id IS NOT NULL AND reopened_at IS NULL;

ALTER TABLE briefs
    ADD CONSTRAINT briefs_final_revision_fkey FOREIGN KEY (final_revision_id, id)
        REFERENCES brief_revisions (id, brief_id) DEFERRABLE INITIALLY DEFERRED,
    -- What is final is what is current; a brief under revision keeps its last final text.
    ADD CONSTRAINT briefs_final_is_current CHECK (status <> 'final' OR final_revision_id = current_revision_id),
    ADD CONSTRAINT briefs_reopened CHECK (
        (reopened_at IS NOT NULL) = (status <> 'final' AND final_revision_id IS NOT NULL));
