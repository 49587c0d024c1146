-- Agenda items of sessions, in UNESCO's numbering, and trigram indexes for search in
-- Korean and English.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE agenda_items (
    id               bigserial PRIMARY KEY,
    session_id       bigint NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    number           text NOT NULL CHECK (number ~ '^[0-9A-Z]+(\.[0-9A-Z]+)*$'),
    -- Byte order of sort_key is UNESCO's order of numbers (see domain.ItemNumber).
    sort_key         text COLLATE "C" NOT NULL,
    title_en         text NOT NULL CHECK (btrim(title_en) <> ''),
    title_ko         text NOT NULL DEFAULT '',
    documents        text[] NOT NULL DEFAULT '{}',
    commission       text NOT NULL DEFAULT '',
    sector           text NOT NULL DEFAULT '',
    lead_ministry_id bigint REFERENCES ministries (id),
    focal_point_id   bigint REFERENCES users (id),
    priority         text NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal', 'low')),
    status           text NOT NULL DEFAULT 'new'
                     CHECK (status IN ('new', 'in_progress', 'ready', 'decided', 'withdrawn')),
    decision_ref     text NOT NULL DEFAULT '',
    outcome_summary  text NOT NULL DEFAULT '',
    previous_item_id bigint REFERENCES agenda_items (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
    CONSTRAINT agenda_items_number_key UNIQUE (session_id, number),
    CONSTRAINT agenda_items_not_own_previous CHECK (previous_item_id IS NULL OR previous_item_id <> id)
);
CREATE INDEX agenda_items_order_idx ON agenda_items (session_id, sort_key);
CREATE INDEX agenda_items_lead_idx ON agenda_items (lead_ministry_id);
CREATE INDEX agenda_items_previous_idx ON agenda_items (previous_item_id);
CREATE INDEX agenda_items_title_en_trgm ON agenda_items USING gin (title_en gin_trgm_ops);
CREATE INDEX agenda_items_title_ko_trgm ON agenda_items USING gin (title_ko gin_trgm_ops);
-- array_to_string is only STABLE in general; for text[] it is immutable, which an index needs.
CREATE FUNCTION documents_text(text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_to_string($1, ' ') $$;
CREATE INDEX agenda_items_documents_trgm ON agenda_items USING gin (documents_text(documents) gin_trgm_ops);

CREATE INDEX sessions_title_trgm ON sessions USING gin (title gin_trgm_ops);
