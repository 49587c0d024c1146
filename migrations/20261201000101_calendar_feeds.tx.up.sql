-- Each user's calendar feed: a secret link that calendar programs read without a login.
-- Only the SHA-256 of the secret is kept, so that a copy of the database opens no feed;
-- making a new secret replaces the row, and the old link then opens nothing.
CREATE TABLE calendar_feeds (
    user_id     bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_hash bytea NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    created_at  timestamptz NOT NULL
);

-- Reads of feed links, one row each, counted over a sliding window like failed logins:
-- per feed (user_id) and, for links that open no feed (user_id NULL), per client address,
-- so that every server behind a load balancer applies the same limits. Rows older than the
-- window are swept as new ones arrive.
CREATE TABLE calendar_fetches (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL,
    address text NOT NULL,
    user_id bigint REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX calendar_fetches_user_idx ON calendar_fetches (user_id, at) WHERE user_id IS NOT NULL;
CREATE INDEX calendar_fetches_miss_idx ON calendar_fetches (address, at) WHERE user_id IS NULL;
CREATE INDEX calendar_fetches_at_idx ON calendar_fetches (at);
