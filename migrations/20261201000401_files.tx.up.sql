-- Files attached to agenda items (UNESCO's documents), consultations (the Commission's
-- annex to a request, the ministry's answer files) and briefs (annexes).
--
-- The bytes live in PostgreSQL, as bytea chunks of 256 KB in file_chunks, written one by
-- one while the upload is read: memory stays flat, every instance serves the same files,
-- and pg_dump's custom format carries them like any other table, so `plenary backup`
-- holds them and `plenary restore` restores them inside its one transaction. (Large
-- objects would need pg_dump's --large-objects handling and ownership care on restore,
-- and their rows would not cascade with the file's.)
--
-- A file is one version of a document: a new version shares the series of the first one
-- and numbers on, and the earlier ones stay readable. Removing a document is a soft
-- delete of its series, with a reason; the bytes stay until the thing it was on goes.
CREATE TABLE files (
    id              bigserial PRIMARY KEY,
    series_id       bigint NOT NULL,
    version         integer NOT NULL DEFAULT 1 CHECK (version > 0),
    kind            text NOT NULL
                    CHECK (kind IN ('item_document', 'brief_annex', 'consultation_annex', 'consultation_answer')),
    item_id         bigint REFERENCES agenda_items (id) ON DELETE CASCADE,
    consultation_id bigint REFERENCES consultations (id) ON DELETE CASCADE,
    -- A UNESCO document's symbol (220 EX/5.I.A) and language, for item documents.
    symbol          text NOT NULL DEFAULT '' CHECK (length(symbol) <= 100),
    language        text NOT NULL DEFAULT ''
                    CHECK (language IN ('', 'en', 'fr', 'es', 'ar', 'ru', 'zh', 'ko')),
    name            text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 300),
    content_type    text NOT NULL,
    size            bigint NOT NULL CHECK (size > 0),
    sha256          text NOT NULL,
    uploaded_by     bigint REFERENCES users (id),
    uploaded_at     timestamptz NOT NULL,
    deleted_at      timestamptz,
    deleted_by      bigint REFERENCES users (id),
    delete_reason   text NOT NULL DEFAULT '' CHECK (length(delete_reason) <= 1000),
    CONSTRAINT files_owner CHECK (
        (kind IN ('item_document', 'brief_annex') AND item_id IS NOT NULL AND consultation_id IS NULL)
        OR (kind IN ('consultation_annex', 'consultation_answer') AND consultation_id IS NOT NULL AND item_id IS NULL)),
    CONSTRAINT files_deleted CHECK ((deleted_at IS NULL) = (delete_reason = '')),
    CONSTRAINT files_series_version_key UNIQUE (series_id, version)
);
CREATE INDEX files_item_idx ON files (item_id, kind) WHERE item_id IS NOT NULL;
CREATE INDEX files_consultation_idx ON files (consultation_id) WHERE consultation_id IS NOT NULL;

CREATE TABLE file_chunks (
    file_id bigint NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    seq     integer NOT NULL CHECK (seq >= 0),
    data    bytea NOT NULL,
    PRIMARY KEY (file_id, seq)
);
-- The chunks are already compressed formats for the most part (PDF, images, zipped
-- Office files): TOAST's compression would spend time for nothing.
ALTER TABLE file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
