-- One statement: the brief tables refer to each other.
DROP TABLE IF EXISTS brief_reviews, brief_reviewers, brief_events, brief_revisions, briefs;
DROP FUNCTION IF EXISTS brief_history_append_only();
DROP FUNCTION IF EXISTS brief_revisions_guard();
