ALTER TABLE briefs
    DROP CONSTRAINT briefs_reopened,
    DROP CONSTRAINT briefs_final_is_current,
    DROP CONSTRAINT briefs_final_revision_fkey,
    DROP COLUMN reopened_at,
    DROP COLUMN final_revision_id;
