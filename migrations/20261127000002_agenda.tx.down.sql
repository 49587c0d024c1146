DROP INDEX IF EXISTS sessions_title_trgm;
DROP TABLE IF EXISTS agenda_items;
DROP FUNCTION IF EXISTS documents_text(text[]);
