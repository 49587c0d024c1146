DROP TABLE IF EXISTS attendance;
DROP FUNCTION IF EXISTS attendance_day_in_session();
DROP TABLE IF EXISTS coverage;
DROP FUNCTION IF EXISTS coverage_same_session();
DROP TABLE IF EXISTS delegation_members;
DROP TABLE IF EXISTS people;
DROP FUNCTION IF EXISTS person_text(text, text, text, text, text, text[]);
DROP FUNCTION IF EXISTS person_name_keys(text);
