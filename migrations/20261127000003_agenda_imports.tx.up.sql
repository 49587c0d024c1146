-- Agenda files checked and waiting for the person who checked them to confirm the import.
-- The rows are kept as the preview showed them, so that what is imported is what was
-- seen; they expire after an hour.

CREATE TABLE agenda_imports (
    id         text PRIMARY KEY,
    session_id bigint NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    filename   text NOT NULL DEFAULT '',
    rows       jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agenda_imports_created_at_idx ON agenda_imports (created_at);
