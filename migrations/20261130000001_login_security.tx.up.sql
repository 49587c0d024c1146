-- Failed logins, one row each, counted per account and per client address over a sliding
-- window, so that every server behind a load balancer applies the same limits. Correct
-- logins are never recorded. Rows older than the window are swept as new ones arrive.
CREATE TABLE login_failures (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    -- the e-mail address typed, normalised; it need not belong to an account, so that
    -- unknown and known addresses are limited alike
    account text NOT NULL,
    -- the client's address (an IPv6 client by its /64 network)
    address text NOT NULL
);
CREATE INDEX login_failures_account_idx ON login_failures (account, at);
CREATE INDEX login_failures_address_idx ON login_failures (address, at);
CREATE INDEX login_failures_at_idx ON login_failures (at);

-- Keys every server must share, such as the one that signs anti-forgery tokens. Each is
-- made at random by the first server that needs it.
CREATE TABLE secrets (
    name       text PRIMARY KEY,
    value      bytea NOT NULL CHECK (length(value) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
