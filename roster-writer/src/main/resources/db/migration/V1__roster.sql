-- The roster this service owns. Rows are written by the batch apply path (plain SQL, see RosterTables)
-- and read through Hibernate. Nothing is ever hard-deleted: `removed` archives, `restored` reactivates.
-- Ids are Clever ids (24 hex characters, validated before anything is written). last_change_at is the
-- occurredAt of the change that set the row; an older change never overwrites a newer one.

CREATE TABLE district (
    id              TEXT         PRIMARY KEY,
    name            TEXT         NOT NULL,
    state           TEXT,
    active          BOOLEAN      NOT NULL,
    last_change_at  TIMESTAMPTZ  NOT NULL,
    archived_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE school (
    id              TEXT         PRIMARY KEY,
    district_id     TEXT         NOT NULL,
    name            TEXT         NOT NULL,
    sis_id          TEXT,
    school_number   TEXT,
    low_grade       TEXT,
    high_grade      TEXT,
    active          BOOLEAN      NOT NULL,
    last_change_at  TIMESTAMPTZ  NOT NULL,
    archived_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX school_district_idx ON school (district_id, id);

-- A user with every role it holds (roles: the contract's role objects, normalised) and the schools it is a
-- member of (school_ids: through any role). role_names is derived from roles for filtering. The arrays are
-- VARCHAR[] because that is the type Hibernate binds for array_contains() in the read queries.
CREATE TABLE roster_user (
    id              TEXT         PRIMARY KEY,
    district_id     TEXT         NOT NULL,
    first_name      TEXT,
    middle_name     TEXT,
    last_name       TEXT,
    email           TEXT,
    roles           JSONB        NOT NULL,
    role_names      VARCHAR[]    NOT NULL,
    school_ids      VARCHAR[]    NOT NULL,
    active          BOOLEAN      NOT NULL,
    last_change_at  TIMESTAMPTZ  NOT NULL,
    archived_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX roster_user_district_idx ON roster_user (district_id, id);

-- The idempotency log: one row per roster.changes event applied, written in the same transaction as its effect.
CREATE TABLE processed_event (
    event_id        UUID         PRIMARY KEY,
    run_id          UUID         NOT NULL,
    processed_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- What the writer applied per sync run, counted in the same transaction as the changes, and the
-- roster.applied signal owed once the run's completed marker has been applied (an outbox row).
CREATE TABLE run_progress (
    run_id              UUID         PRIMARY KEY,
    district_id         TEXT         NOT NULL,
    created             INTEGER      NOT NULL DEFAULT 0,
    updated             INTEGER      NOT NULL DEFAULT 0,
    removed             INTEGER      NOT NULL DEFAULT 0,
    restored            INTEGER      NOT NULL DEFAULT 0,
    completed_at        TIMESTAMPTZ,
    full_snapshot       BOOLEAN,
    fetcher_created     INTEGER,
    fetcher_updated     INTEGER,
    fetcher_removed     INTEGER,
    fetcher_restored    INTEGER,
    active_users        INTEGER,
    applied_event_id    UUID,
    applied_sent_at     TIMESTAMPTZ
);
CREATE INDEX run_progress_unsent_idx ON run_progress (completed_at)
    WHERE completed_at IS NOT NULL AND applied_sent_at IS NULL;
