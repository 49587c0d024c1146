DROP TABLE IF EXISTS calendar_fetches;
DROP TABLE IF EXISTS calendar_feeds;
