-- One row per district integration: the intake request and where the district stands.
CREATE TABLE integration_request (
    id                   uuid PRIMARY KEY,
    district_name        varchar(200) NOT NULL,
    district_name_key    varchar(200) NOT NULL,
    district_id          varchar(24),
    contact_name         varchar(200) NOT NULL,
    contact_email        varchar(254) NOT NULL,
    shared_roles         text[]       NOT NULL,
    notes                text,
    state                varchar(20)  NOT NULL,
    state_before_pause   varchar(20),
    status_token         varchar(64)  NOT NULL UNIQUE,
    submitted_from       varchar(64),
    organisation_id      varchar(100),
    licensed_school_ids  text[],
    sharing_report       text,
    sharing_checked_at   timestamptz,
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL,
    version              bigint       NOT NULL DEFAULT 0
);

-- A district has one integration: a disconnected district that comes back resumes it.
CREATE UNIQUE INDEX integration_request_district_name ON integration_request (district_name_key);
CREATE UNIQUE INDEX integration_request_district_id
    ON integration_request (district_id) WHERE district_id IS NOT NULL;
CREATE INDEX integration_request_state ON integration_request (state);

CREATE TABLE requested_school (
    id               bigserial PRIMARY KEY,
    request_id       uuid         NOT NULL REFERENCES integration_request (id) ON DELETE CASCADE,
    position         int          NOT NULL,
    name             varchar(200) NOT NULL,
    clever_school_id varchar(24)
);
CREATE INDEX requested_school_request ON requested_school (request_id);

-- Who did what, and when: every state change and every support action.
CREATE TABLE audit_entry (
    id             bigserial PRIMARY KEY,
    request_id     uuid         NOT NULL REFERENCES integration_request (id) ON DELETE CASCADE,
    action         varchar(40)  NOT NULL,
    previous_state varchar(20),
    state          varchar(20)  NOT NULL,
    actor          varchar(200) NOT NULL,
    detail         text,
    occurred_at    timestamptz  NOT NULL
);
CREATE INDEX audit_entry_request ON audit_entry (request_id, id);

-- A sync run as sync-fetcher reports it on sync.runs (and roster-writer on roster.applied).
CREATE TABLE sync_run (
    run_id          uuid PRIMARY KEY,
    district_id     varchar(24)  NOT NULL,
    trigger         varchar(20)  NOT NULL,
    requested_by    varchar(200),
    status          varchar(20)  NOT NULL,
    started_at      timestamptz  NOT NULL,
    finished_at     timestamptz,
    fetched_schools int,
    fetched_users   int,
    created_count   int,
    updated_count   int,
    removed_count   int,
    restored_count  int,
    duration_ms     bigint,
    reason          text,
    decision        varchar(20),
    decided_by      varchar(200),
    applied_at      timestamptz,
    active_users    int,
    updated_at      timestamptz  NOT NULL
);
CREATE INDEX sync_run_district ON sync_run (district_id, started_at DESC);

-- Commands support sent to sync-fetcher.
CREATE TABLE sync_command (
    command_id   uuid PRIMARY KEY,
    request_id   uuid         NOT NULL REFERENCES integration_request (id) ON DELETE CASCADE,
    district_id  varchar(24)  NOT NULL,
    command      varchar(20)  NOT NULL,
    run_id       uuid,
    requested_by varchar(200) NOT NULL,
    requested_at timestamptz  NOT NULL
);
CREATE INDEX sync_command_district ON sync_command (district_id, requested_at DESC);

-- Idempotent consumer: an event id is recorded in the transaction that applies it.
CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL
);

-- Transactional outbox: records are written with the state change and relayed to Kafka after commit.
CREATE TABLE outbox_message (
    id         bigserial PRIMARY KEY,
    topic      varchar(100) NOT NULL,
    record_key varchar(100) NOT NULL,
    payload    text,
    created_at timestamptz  NOT NULL,
    sent_at    timestamptz
);
CREATE INDEX outbox_message_unsent ON outbox_message (id) WHERE sent_at IS NULL;
