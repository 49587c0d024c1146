-- Bilingual records: a session has a Korean and an English title, and a brief's
-- background and key points are written in both languages, like its summary and
-- intervention. Readers get their language and, where only the other is written, that
-- one, marked.
--
-- Text written before moves into the language it is written in: a text with Hangul in it
-- is Korean, any other is English (the rule of domain.HasHangul, and of has_hangul here).

CREATE FUNCTION has_hangul(text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT $1 ~ '[ᄀ-ᇿ〮〯ㄱ-ㆎ㈀-㈞㉠-㉾ꥠ-ꥼ가-힣ힰ-ퟻﾠ-ￜ]' $$;

ALTER TABLE sessions
    ADD COLUMN title_ko text NOT NULL DEFAULT '',
    ADD COLUMN title_en text NOT NULL DEFAULT '';
UPDATE sessions SET title_ko = CASE WHEN has_hangul(title) THEN btrim(title) ELSE '' END,
                    title_en = CASE WHEN has_hangul(title) THEN '' ELSE btrim(title) END;
DROP INDEX sessions_title_trgm;
ALTER TABLE sessions
    DROP COLUMN title,
    ADD CONSTRAINT sessions_title CHECK (btrim(title_ko) <> '' OR btrim(title_en) <> '');
CREATE INDEX sessions_title_ko_trgm ON sessions USING gin (title_ko gin_trgm_ops);
CREATE INDEX sessions_title_en_trgm ON sessions USING gin (title_en gin_trgm_ops);

ALTER TABLE brief_revisions
    ADD COLUMN background_ko text NOT NULL DEFAULT '',
    ADD COLUMN background_en text NOT NULL DEFAULT '',
    ADD COLUMN key_points_ko text NOT NULL DEFAULT '',
    ADD COLUMN key_points_en text NOT NULL DEFAULT '';
-- Revisions are never changed by the application; moving their text to its language is
-- the schema's doing, so the guard stands aside for this one statement.
ALTER TABLE brief_revisions DISABLE TRIGGER brief_revisions_guard;
UPDATE brief_revisions SET
    background_ko = CASE WHEN has_hangul(background) THEN background ELSE '' END,
    background_en = CASE WHEN has_hangul(background) THEN '' ELSE background END,
    key_points_ko = CASE WHEN has_hangul(key_points) THEN key_points ELSE '' END,
    key_points_en = CASE WHEN has_hangul(key_points) THEN '' ELSE key_points END
WHERE background <> '' OR key_points <> '';
ALTER TABLE brief_revisions ENABLE TRIGGER brief_revisions_guard;

-- The searchable text of a revision now holds both languages of every field; search
-- (store.briefText) uses the same expression.
DROP INDEX brief_revisions_text_trgm;
ALTER TABLE brief_revisions DROP COLUMN background, DROP COLUMN key_points;
CREATE INDEX brief_revisions_text_trgm ON brief_revisions USING gin (
    (summary_ko || ' ' || summary_en || ' ' || background_ko || ' ' || background_en || ' ' ||
     key_points_ko || ' ' || key_points_en || ' ' || intervention_ko || ' ' || intervention_en) gin_trgm_ops);
