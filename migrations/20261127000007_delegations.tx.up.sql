-- People (experts, delegates, officials) and the delegations they form for sessions.
CREATE TABLE people (
    id           bigserial PRIMARY KEY,
    name_en      text NOT NULL DEFAULT '',
    name_ko      text NOT NULL DEFAULT '',
    organisation text NOT NULL DEFAULT '',
    title        text NOT NULL DEFAULT '',
    email        text CHECK (email IS NULL OR (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$')),
    phone        text NOT NULL DEFAULT '',
    expertise    text[] NOT NULL DEFAULT '{}',
    notes        text NOT NULL DEFAULT '',
    -- The ministry a person works for, if any: its liaison sees them on delegations.
    ministry_id  bigint REFERENCES ministries (id),
    -- A delegate who logs in is a person with a user account.
    user_id      bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 1 CHECK (version > 0),
    CONSTRAINT people_named CHECK (btrim(name_en) <> '' OR btrim(name_ko) <> '')
);
CREATE UNIQUE INDEX people_user_key ON people (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX people_email_idx ON people (email);

CREATE TABLE delegation_members (
    id            bigserial PRIMARY KEY,
    session_id    bigint NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id     bigint NOT NULL REFERENCES people (id),
    role          text NOT NULL
                  CHECK (role IN ('head', 'deputy_head', 'delegate', 'alternate', 'adviser', 'expert', 'observer')),
    accreditation text NOT NULL DEFAULT 'pending' CHECK (accreditation IN ('pending', 'submitted', 'confirmed')),
    arrives_on    date,
    departs_on    date,
    funded_by     text NOT NULL DEFAULT '',
    notes         text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1 CHECK (version > 0),
    CONSTRAINT delegation_members_person_key UNIQUE (session_id, person_id),
    CONSTRAINT delegation_members_stay CHECK (departs_on IS NULL OR arrives_on IS NULL OR departs_on >= arrives_on)
);
-- One Head of Delegation per session.
CREATE UNIQUE INDEX delegation_members_one_head ON delegation_members (session_id) WHERE role = 'head';
CREATE INDEX delegation_members_person_idx ON delegation_members (person_id);

-- Which member covers which agenda item of the session.
CREATE TABLE coverage (
    member_id  bigint NOT NULL REFERENCES delegation_members (id) ON DELETE CASCADE,
    item_id    bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, item_id)
);
CREATE INDEX coverage_item_idx ON coverage (item_id);

-- Who attended each day of the session.
CREATE TABLE attendance (
    member_id   bigint NOT NULL REFERENCES delegation_members (id) ON DELETE CASCADE,
    day         date NOT NULL,
    status      text NOT NULL CHECK (status IN ('present', 'absent', 'partial')),
    note        text NOT NULL DEFAULT '',
    recorded_by bigint REFERENCES users (id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, day)
);
