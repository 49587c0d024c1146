-- Foundation: who uses Plenary (users, ministries), what it is about (bodies and their
-- sessions), login sessions kept in the database so that several servers share them, and
-- the audit log.

CREATE TABLE ministries (
    id         bigserial PRIMARY KEY,
    code       text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9]{1,15}$'),
    name_en    text NOT NULL CHECK (btrim(name_en) <> ''),
    name_ko    text NOT NULL CHECK (btrim(name_ko) <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE UNIQUE INDEX ministries_code_key ON ministries (code);

-- Ministries are renamed: the names they bore before stay readable on old sessions.
CREATE TABLE ministry_former_names (
    id          bigserial PRIMARY KEY,
    ministry_id bigint NOT NULL REFERENCES ministries (id) ON DELETE CASCADE,
    name_en     text NOT NULL CHECK (btrim(name_en) <> ''),
    name_ko     text NOT NULL CHECK (btrim(name_ko) <> ''),
    used_until  date NOT NULL,
    UNIQUE (ministry_id, used_until)
);

CREATE TABLE bodies (
    id         bigserial PRIMARY KEY,
    code       text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9-]{0,15}$'),
    name_en    text NOT NULL CHECK (btrim(name_en) <> ''),
    name_ko    text NOT NULL CHECK (btrim(name_ko) <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE UNIQUE INDEX bodies_code_key ON bodies (code);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
    name          text NOT NULL CHECK (btrim(name) <> ''),
    role          text NOT NULL CHECK (role IN ('admin', 'staff', 'liaison', 'delegate')),
    ministry_id   bigint REFERENCES ministries (id),
    password_hash text NOT NULL,
    lang          text CHECK (lang IN ('en', 'ko')),
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1 CHECK (version > 0),
    -- A liaison speaks for exactly one ministry; nobody else speaks for one.
    CONSTRAINT users_liaison_ministry CHECK ((role = 'liaison') = (ministry_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE sessions (
    id             bigserial PRIMARY KEY,
    body_id        bigint NOT NULL REFERENCES bodies (id),
    number         integer NOT NULL CHECK (number > 0),
    code           text NOT NULL,
    title          text NOT NULL CHECK (btrim(title) <> ''),
    venue          text NOT NULL DEFAULT '',
    starts_on      date NOT NULL,
    ends_on        date NOT NULL,
    brief_deadline date,
    status         text NOT NULL DEFAULT 'planning'
                   CHECK (status IN ('planning', 'preparing', 'in_session', 'concluded')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    version        integer NOT NULL DEFAULT 1 CHECK (version > 0),
    UNIQUE (body_id, number),
    CONSTRAINT sessions_dates CHECK (ends_on >= starts_on),
    CONSTRAINT sessions_brief_deadline CHECK (brief_deadline IS NULL OR brief_deadline <= ends_on)
);
CREATE UNIQUE INDEX sessions_code_key ON sessions (code);
CREATE INDEX sessions_starts_on_idx ON sessions (starts_on);

-- Login sessions of fiber's session middleware. user_id is filled in at login so that
-- disabling a user can end all of that user's sessions at once.
CREATE TABLE login_sessions (
    id         text PRIMARY KEY,
    data       bytea NOT NULL,
    expires_at timestamptz,
    user_id    bigint REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_sessions_expires_at_idx ON login_sessions (expires_at);
CREATE INDEX login_sessions_user_id_idx ON login_sessions (user_id);

-- Counters of the login rate limiter, shared by every server.
CREATE TABLE rate_limits (
    id         text PRIMARY KEY,
    data       bytea NOT NULL,
    expires_at timestamptz
);
CREATE INDEX rate_limits_expires_at_idx ON rate_limits (expires_at);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES users (id),
    actor       text NOT NULL,
    action      text NOT NULL CHECK (btrim(action) <> ''),
    entity      text NOT NULL CHECK (btrim(entity) <> ''),
    entity_id   bigint,
    before      jsonb,
    after       jsonb,
    request_id  text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- The audit log is append-only: history that can be rewritten is no history.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
