-- Position briefs: the country's position on one agenda item. Every save is a revision;
-- the ministries involved in the item review a revision; Commission staff approve it and
-- make it final. The brief row says where the workflow stands and which revision is
-- current; revisions, workflow events and reviews are history and only ever grow.

CREATE TABLE briefs (
    id                   bigserial PRIMARY KEY,
    item_id              bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    status               text NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'in_review', 'approved', 'final')),
    current_revision_id  bigint NOT NULL,
    -- The submission (a brief_events row) whose ministries review the brief; none in draft.
    submission_id        bigint,
    -- The revision staff approved: the one the ministries reviewed, and the final text.
    approved_revision_id bigint,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              integer NOT NULL DEFAULT 1 CHECK (version > 0),
    CONSTRAINT briefs_item_key UNIQUE (item_id),
    CONSTRAINT briefs_submitted CHECK ((status = 'draft') = (submission_id IS NULL)),
    CONSTRAINT briefs_approved CHECK ((status IN ('approved', 'final')) = (approved_revision_id IS NOT NULL)),
    -- What was approved is what is current: an approved or final text cannot move on.
    CONSTRAINT briefs_approved_is_current CHECK (approved_revision_id IS NULL OR approved_revision_id = current_revision_id)
);
CREATE INDEX briefs_status_idx ON briefs (status);

CREATE TABLE brief_revisions (
    id              bigserial PRIMARY KEY,
    brief_id        bigint NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    number          integer NOT NULL CHECK (number > 0),
    author_id       bigint REFERENCES users (id),
    author          text NOT NULL CHECK (btrim(author) <> ''),
    created_at      timestamptz NOT NULL DEFAULT now(),
    stance          text NOT NULL CHECK (stance IN ('support', 'support_with_amendments', 'neutral',
                                                    'monitor', 'oppose', 'no_position')),
    summary_ko      text NOT NULL DEFAULT '',
    summary_en      text NOT NULL DEFAULT '',
    background      text NOT NULL DEFAULT '',
    key_points      text NOT NULL DEFAULT '',
    intervention_ko text NOT NULL DEFAULT '',
    intervention_en text NOT NULL DEFAULT '',
    -- Why this revision was made: the note of a save, or the reason for reopening.
    reason          text NOT NULL DEFAULT '',
    CONSTRAINT brief_revisions_number_key UNIQUE (brief_id, number),
    CONSTRAINT brief_revisions_brief_key UNIQUE (id, brief_id),
    CONSTRAINT brief_revisions_summary CHECK (btrim(summary_ko) <> '' OR btrim(summary_en) <> '')
);
-- The searchable text of a revision; search uses the same expression.
CREATE INDEX brief_revisions_text_trgm ON brief_revisions USING gin (
    (summary_ko || ' ' || summary_en || ' ' || background || ' ' || key_points || ' ' ||
     intervention_ko || ' ' || intervention_en) gin_trgm_ops);

CREATE TABLE brief_events (
    id          bigserial PRIMARY KEY,
    brief_id    bigint NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    action      text NOT NULL CHECK (action IN ('submit', 'approve', 'override', 'finalise', 'reopen')),
    -- The revision the step was taken on.
    revision_id bigint NOT NULL,
    actor_id    bigint REFERENCES users (id),
    actor       text NOT NULL CHECK (btrim(actor) <> ''),
    reason      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT brief_events_brief_key UNIQUE (id, brief_id),
    CONSTRAINT brief_events_revision_fkey FOREIGN KEY (revision_id, brief_id)
        REFERENCES brief_revisions (id, brief_id) ON DELETE CASCADE,
    -- Overriding the ministries and reopening a final text need a reason on record.
    CONSTRAINT brief_events_reason CHECK (action NOT IN ('override', 'reopen') OR btrim(reason) <> '')
);
CREATE INDEX brief_events_brief_idx ON brief_events (brief_id, created_at);

-- The ministries a submission asks to review: the item's lead ministry and every ministry
-- consulted on it, as they were when the brief was submitted.
CREATE TABLE brief_reviewers (
    submission_id bigint NOT NULL REFERENCES brief_events (id) ON DELETE CASCADE,
    ministry_id   bigint NOT NULL REFERENCES ministries (id),
    PRIMARY KEY (submission_id, ministry_id)
);
CREATE INDEX brief_reviewers_ministry_idx ON brief_reviewers (ministry_id);

CREATE TABLE brief_reviews (
    id          bigserial PRIMARY KEY,
    brief_id    bigint NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    revision_id bigint NOT NULL,
    ministry_id bigint NOT NULL REFERENCES ministries (id),
    reviewer_id bigint NOT NULL REFERENCES users (id),
    verdict     text NOT NULL CHECK (verdict IN ('concur', 'concur_with_comments', 'request_changes')),
    comment     text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT brief_reviews_revision_fkey FOREIGN KEY (revision_id, brief_id)
        REFERENCES brief_revisions (id, brief_id) ON DELETE CASCADE,
    -- One verdict per ministry on each revision: a new verdict needs a new revision.
    CONSTRAINT brief_reviews_one_per_ministry UNIQUE (revision_id, ministry_id),
    CONSTRAINT brief_reviews_comment CHECK (verdict = 'concur' OR btrim(comment) <> '')
);
CREATE INDEX brief_reviews_brief_idx ON brief_reviews (brief_id);

-- The brief's pointers are checked at commit, so that a brief, its first revision and its
-- events can be written in one transaction in any order; each pointer stays inside its
-- own brief.
ALTER TABLE briefs
    ADD CONSTRAINT briefs_current_revision_fkey FOREIGN KEY (current_revision_id, id)
        REFERENCES brief_revisions (id, brief_id) DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT briefs_approved_revision_fkey FOREIGN KEY (approved_revision_id, id)
        REFERENCES brief_revisions (id, brief_id) DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT briefs_submission_fkey FOREIGN KEY (submission_id, id)
        REFERENCES brief_events (id, brief_id) DEFERRABLE INITIALLY DEFERRED;

-- A revision is history: it is never changed, and no revision is added to an approved or
-- final brief (finalising locks the text; reopening moves the brief back to draft first).
CREATE FUNCTION brief_revisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'brief revisions cannot be changed';
    END IF;
    IF EXISTS (SELECT 1 FROM briefs WHERE id = NEW.brief_id AND status IN ('approved', 'final')) THEN
        RAISE EXCEPTION 'the text of an approved or final brief is locked' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER brief_revisions_guard BEFORE INSERT OR UPDATE ON brief_revisions
    FOR EACH ROW EXECUTE FUNCTION brief_revisions_guard();

-- Reviews and workflow events are history as well.
CREATE FUNCTION brief_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER brief_reviews_append_only BEFORE UPDATE ON brief_reviews
    FOR EACH ROW EXECUTE FUNCTION brief_history_append_only();
CREATE TRIGGER brief_events_append_only BEFORE UPDATE ON brief_events
    FOR EACH ROW EXECUTE FUNCTION brief_history_append_only();
