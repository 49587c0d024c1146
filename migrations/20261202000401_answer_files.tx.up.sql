-- A ministry may answer a consultation with its answer file(s) alone, without typed text:
-- the answer's source is then 'attachment', its text empty, and the answer is the
-- consultation's current answer files (files of kind consultation_answer). Which files
-- those are is read from the files table, never copied here.
ALTER TABLE consultations DROP CONSTRAINT consultations_answer_source_check;
ALTER TABLE consultations ADD CONSTRAINT consultations_answer_source_check
    CHECK (answer_source IN ('', 'app', 'file', 'attachment'));

ALTER TABLE consultations DROP CONSTRAINT consultations_answered;
ALTER TABLE consultations ADD CONSTRAINT consultations_answered CHECK (status NOT IN ('answered', 'closed')
    OR ((btrim(answer) <> '' OR answer_source = 'attachment') AND answered_at IS NOT NULL AND answer_source <> ''));

-- An answer by file alone has no text; any other answer has text exactly when it has a source.
ALTER TABLE consultations DROP CONSTRAINT consultations_source;
ALTER TABLE consultations ADD CONSTRAINT consultations_source CHECK (
    CASE answer_source WHEN 'attachment' THEN answer = '' ELSE (answer = '') = (answer_source = '') END);
