-- Consultations: the Commission asks one ministry for its input on one agenda item.
CREATE TABLE consultations (
    id             bigserial PRIMARY KEY,
    item_id        bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    ministry_id    bigint NOT NULL REFERENCES ministries (id),
    question       text NOT NULL CHECK (btrim(question) <> '' AND length(question) <= 4000),
    due_on         date NOT NULL,
    status         text NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'answered', 'closed', 'withdrawn')),
    answer         text NOT NULL DEFAULT '' CHECK (length(answer) <= 20000),
    answered_by    bigint REFERENCES users (id),
    answered_at    timestamptz,
    -- Where the answer came from: typed in the app, or a returned tracker workbook.
    answer_source  text NOT NULL DEFAULT '' CHECK (answer_source IN ('', 'app', 'file')),
    requested_by   bigint REFERENCES users (id),
    -- Why the Commission sent the answer back, for the ministry to read.
    return_comment text NOT NULL DEFAULT '' CHECK (length(return_comment) <= 4000),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1 CHECK (version > 0),
    -- An answered or closed consultation has an answer, with when and whence it came; an
    -- answer sent back keeps its text for the ministry to revise.
    CONSTRAINT consultations_answered CHECK (status NOT IN ('answered', 'closed')
        OR (btrim(answer) <> '' AND answered_at IS NOT NULL AND answer_source <> '')),
    CONSTRAINT consultations_source CHECK ((answer = '') = (answer_source = ''))
);
-- One live request per item and ministry: a new one needs the old one withdrawn.
CREATE UNIQUE INDEX consultations_live_key ON consultations (item_id, ministry_id) WHERE status <> 'withdrawn';
CREATE INDEX consultations_ministry_idx ON consultations (ministry_id, status, due_on);
CREATE INDEX consultations_item_idx ON consultations (item_id);
CREATE INDEX consultations_open_due_idx ON consultations (due_on) WHERE status = 'open';

-- Returned tracker workbooks checked and waiting for the person who uploaded them to
-- confirm: the rows that will be recorded, as the preview showed them. They expire after
-- an hour.
CREATE TABLE consultation_uploads (
    id          text PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The ministry the file was checked against; NULL when staff checked it for all.
    ministry_id bigint REFERENCES ministries (id) ON DELETE CASCADE,
    filename    text NOT NULL DEFAULT '',
    rows        jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_uploads_created_at_idx ON consultation_uploads (created_at);
