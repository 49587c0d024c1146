-- Organisations other than the ministries that delegation members come from (the
-- National Assembly, a university, the Commission itself): with the ministries, the list a
-- member's body is chosen from, so that one body is never written two ways.
CREATE TABLE organisations (
    id         bigserial PRIMARY KEY,
    name_en    text NOT NULL CHECK (btrim(name_en) <> ''),
    name_ko    text NOT NULL CHECK (btrim(name_ko) <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1 CHECK (version > 0)
);
CREATE UNIQUE INDEX organisations_name_en_key ON organisations (lower(name_en));
CREATE UNIQUE INDEX organisations_name_ko_key ON organisations (name_ko);

-- What the secretariat asks about each member to accredit them. Part of the member's
-- record: a change moves the member's version on. Only staff read it.
CREATE TABLE member_accreditations (
    member_id       bigint PRIMARY KEY REFERENCES delegation_members (id) ON DELETE CASCADE,
    honorific       text NOT NULL DEFAULT ''
                    CHECK (honorific IN ('', 'he', 'mr', 'mrs', 'ms', 'mx', 'dr', 'prof')),
    passport_name   text NOT NULL DEFAULT '',
    function_en     text NOT NULL DEFAULT '',
    ministry_id     bigint REFERENCES ministries (id),
    organisation_id bigint REFERENCES organisations (id),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- A member comes from one body: a ministry or another organisation, not both.
    CONSTRAINT member_accreditations_one_body CHECK (ministry_id IS NULL OR organisation_id IS NULL)
);
CREATE INDEX member_accreditations_ministry_idx ON member_accreditations (ministry_id) WHERE ministry_id IS NOT NULL;
CREATE INDEX member_accreditations_organisation_idx ON member_accreditations (organisation_id) WHERE organisation_id IS NOT NULL;
