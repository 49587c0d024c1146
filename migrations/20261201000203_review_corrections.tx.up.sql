-- A ministry may correct a verdict given by mistake while the brief is in review. Reviews
-- stay append-only: the correction is a new verdict that names the one it corrects, and
-- a ministry's standing verdict on a revision is the one no other corrects.
ALTER TABLE brief_reviews ADD COLUMN corrects bigint REFERENCES brief_reviews (id);
ALTER TABLE brief_reviews DROP CONSTRAINT brief_reviews_one_per_ministry;
-- One first verdict per ministry on each revision, and each verdict corrected at most
-- once: of two corrections sent together, one is refused.
CREATE UNIQUE INDEX brief_reviews_one_per_ministry ON brief_reviews (revision_id, ministry_id) WHERE corrects IS NULL;
ALTER TABLE brief_reviews ADD CONSTRAINT brief_reviews_corrects_key UNIQUE (corrects);
