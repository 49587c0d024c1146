-- Back to one title and one background and key points: the two languages are joined,
-- Korean first, as the one text.
ALTER TABLE sessions ADD COLUMN title text NOT NULL DEFAULT '';
UPDATE sessions SET title = concat_ws(' / ', nullif(title_ko, ''), nullif(title_en, ''));
ALTER TABLE sessions ALTER COLUMN title DROP DEFAULT,
    ADD CONSTRAINT sessions_title_check CHECK (btrim(title) <> '');
DROP INDEX sessions_title_ko_trgm;
DROP INDEX sessions_title_en_trgm;
ALTER TABLE sessions DROP CONSTRAINT sessions_title, DROP COLUMN title_ko, DROP COLUMN title_en;
CREATE INDEX sessions_title_trgm ON sessions USING gin (title gin_trgm_ops);

ALTER TABLE brief_revisions
    ADD COLUMN background text NOT NULL DEFAULT '',
    ADD COLUMN key_points text NOT NULL DEFAULT '';
ALTER TABLE brief_revisions DISABLE TRIGGER brief_revisions_guard;
UPDATE brief_revisions SET
    background = concat_ws(E'\n\n', nullif(background_ko, ''), nullif(background_en, '')),
    key_points = concat_ws(E'\n\n', nullif(key_points_ko, ''), nullif(key_points_en, ''));
ALTER TABLE brief_revisions ENABLE TRIGGER brief_revisions_guard;
DROP INDEX brief_revisions_text_trgm;
ALTER TABLE brief_revisions DROP COLUMN background_ko, DROP COLUMN background_en,
    DROP COLUMN key_points_ko, DROP COLUMN key_points_en;
CREATE INDEX brief_revisions_text_trgm ON brief_revisions USING gin (
    (summary_ko || ' ' || summary_en || ' ' || background || ' ' || key_points || ' ' ||
     intervention_ko || ' ' || intervention_en) gin_trgm_ops);

DROP FUNCTION has_hangul(text);
