DELETE FROM brief_reviews WHERE corrects IS NOT NULL;
ALTER TABLE brief_reviews DROP CONSTRAINT brief_reviews_corrects_key;
DROP INDEX brief_reviews_one_per_ministry;
ALTER TABLE brief_reviews DROP COLUMN corrects;
ALTER TABLE brief_reviews ADD CONSTRAINT brief_reviews_one_per_ministry UNIQUE (revision_id, ministry_id);
