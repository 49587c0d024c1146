-- Refused while a consultation is answered by its file alone: such an answer has no text
-- for the older constraints to accept.
ALTER TABLE consultations DROP CONSTRAINT consultations_source;
ALTER TABLE consultations ADD CONSTRAINT consultations_source CHECK ((answer = '') = (answer_source = ''));

ALTER TABLE consultations DROP CONSTRAINT consultations_answered;
ALTER TABLE consultations ADD CONSTRAINT consultations_answered CHECK (status NOT IN ('answered', 'closed')
    OR (btrim(answer) <> '' AND answered_at IS NOT NULL AND answer_source <> ''));

ALTER TABLE consultations DROP CONSTRAINT consultations_answer_source_check;
ALTER TABLE consultations ADD CONSTRAINT consultations_answer_source_check
    CHECK (answer_source IN ('', 'app', 'file'));
