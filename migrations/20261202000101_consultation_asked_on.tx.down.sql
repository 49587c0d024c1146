ALTER TABLE consultations DROP CONSTRAINT consultations_asked_before_due;
ALTER TABLE consultations DROP COLUMN asked_on;
