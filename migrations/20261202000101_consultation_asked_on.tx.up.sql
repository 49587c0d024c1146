-- The day a consultation was asked: the day it was opened in Plenary, or, for a request
-- the Commission sent by e-mail before it used Plenary, the day the e-mail went out.
-- Requests already saved were asked the day they were opened, read in Seoul (the
-- Commission's zone, and the default of PLENARY_TIMEZONE), or on their due date when that
-- came first.
ALTER TABLE consultations ADD COLUMN asked_on date;
UPDATE consultations SET asked_on = LEAST(CAST(created_at AT TIME ZONE 'Asia/Seoul' AS date), due_on);
ALTER TABLE consultations ALTER COLUMN asked_on SET NOT NULL;
ALTER TABLE consultations ADD CONSTRAINT consultations_asked_before_due CHECK (asked_on <= due_on);
