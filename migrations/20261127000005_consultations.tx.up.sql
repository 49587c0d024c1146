-- Consultations: the Commission asks one ministry for its input on one agenda item.
CREATE TABLE consultations (
    id             bigserial PRIMARY KEY,
    item_id        bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    ministry_id    bigint NOT NULL REFERENCES ministries (id),
    question       text NOT NULL CHECK (btrim(question) <> ''),
    due_on         date NOT NULL,
    status         text NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'answered', 'closed', 'withdrawn')),
    answer         text NOT NULL DEFAULT '',
    answered_by    bigint REFERENCES users (id),
    answered_at    timestamptz,
    -- Where the answer came from: typed in the app, or a returned tracker workbook.
    answer_source  text NOT NULL DEFAULT '' CHECK (answer_source IN ('', 'app', 'file')),
    requested_by   bigint REFERENCES users (id),
    return_comment text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1 CHECK (version > 0),
    CONSTRAINT consultations_answered CHECK (status <> 'answered' OR answered_at IS NOT NULL)
);
-- One live request per item and ministry: a new one needs the old one withdrawn.
CREATE UNIQUE INDEX consultations_live_key ON consultations (item_id, ministry_id) WHERE status <> 'withdrawn';
CREATE INDEX consultations_ministry_idx ON consultations (ministry_id, status, due_on);
CREATE INDEX consultations_item_idx ON consultations (item_id);
