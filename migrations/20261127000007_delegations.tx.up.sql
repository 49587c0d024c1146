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

-- person_name_keys reduces a name to what tells two people apart, to spot a likely
-- duplicate. Case, spaces, hyphens and dots do not count, nor does the order of the words:
-- the first key is the words sorted, the second the letters as written, so that
-- "Kim Seo-yeon" meets "SEOYEON KIM" and "김 서연" meets "김서연". Two names match when their
-- keys overlap.
CREATE FUNCTION person_name_keys(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY[coalesce(string_agg(w, ' ' ORDER BY w COLLATE "C"), ''), coalesce(string_agg(w, '' ORDER BY n), '')]
    FROM regexp_split_to_table(lower(regexp_replace($1, '[-.''’]', '', 'g')), '[[:space:],]+') WITH ORDINALITY AS t(w, n)
    WHERE w <> ''
$$;
CREATE INDEX people_name_en_keys_idx ON people USING gin (person_name_keys(name_en)) WHERE name_en <> '';
CREATE INDEX people_name_ko_keys_idx ON people USING gin (person_name_keys(name_ko)) WHERE name_ko <> '';

-- person_text is what the people search box looks in; the trigram index keeps substring
-- search fast in Korean and English.
CREATE FUNCTION person_text(name_en text, name_ko text, organisation text, title text, email text, expertise text[])
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT concat_ws(' ', name_en, name_ko, organisation, title, email, array_to_string(expertise, ' ')) $$;
CREATE INDEX people_text_trgm ON people
    USING gin (person_text(name_en, name_ko, organisation, title, email, expertise) gin_trgm_ops);

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

-- A member covers only items of their own session. Neither a member's nor an item's
-- session ever changes, so checking each row as it is written keeps this true.
CREATE FUNCTION coverage_same_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM delegation_members m JOIN agenda_items i ON i.session_id = m.session_id
                   WHERE m.id = NEW.member_id AND i.id = NEW.item_id) THEN
        RAISE EXCEPTION 'coverage: item % is not on the agenda of member %''s session', NEW.item_id, NEW.member_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'coverage_same_session';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER coverage_same_session BEFORE INSERT OR UPDATE ON coverage
    FOR EACH ROW EXECUTE FUNCTION coverage_same_session();

-- Who attended each day of the session. version lets a grid saved from a stale page be
-- refused rather than overwrite what someone else recorded meanwhile.
CREATE TABLE attendance (
    member_id   bigint NOT NULL REFERENCES delegation_members (id) ON DELETE CASCADE,
    day         date NOT NULL,
    status      text NOT NULL CHECK (status IN ('present', 'absent', 'partial')),
    note        text NOT NULL DEFAULT '',
    recorded_by bigint REFERENCES users (id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1 CHECK (version > 0),
    PRIMARY KEY (member_id, day)
);

-- Attendance is recorded only for the days of the member's session.
CREATE FUNCTION attendance_day_in_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM delegation_members m JOIN sessions s ON s.id = m.session_id
                   WHERE m.id = NEW.member_id AND NEW.day BETWEEN s.starts_on AND s.ends_on) THEN
        RAISE EXCEPTION 'attendance: % is not a day of member %''s session', NEW.day, NEW.member_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'attendance_day_in_session';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER attendance_day_in_session BEFORE INSERT OR UPDATE ON attendance
    FOR EACH ROW EXECUTE FUNCTION attendance_day_in_session();
