-- Every sync run: its lifecycle, who asked for it, and what it found. seq orders runs for change detection.
CREATE TABLE sync_run (
    run_id          UUID         PRIMARY KEY,
    seq             BIGSERIAL    NOT NULL UNIQUE,
    district_id     TEXT         NOT NULL,
    trigger         TEXT         NOT NULL,
    requested_by    TEXT,
    reason          TEXT,
    status          TEXT         NOT NULL,
    started_at      TIMESTAMPTZ  NOT NULL,
    finished_at     TIMESTAMPTZ,
    fetched_schools BIGINT       NOT NULL DEFAULT 0,
    fetched_users   BIGINT       NOT NULL DEFAULT 0,
    created         BIGINT       NOT NULL DEFAULT 0,
    updated         BIGINT       NOT NULL DEFAULT 0,
    removed         BIGINT       NOT NULL DEFAULT 0,
    restored        BIGINT       NOT NULL DEFAULT 0,
    held_removals   BIGINT       NOT NULL DEFAULT 0,
    status_reason   TEXT,
    decided_by      TEXT
);
CREATE INDEX sync_run_district ON sync_run (district_id, seq DESC);

-- What the fetcher last emitted per district: Clever id -> fingerprint of the emitted record.
-- record_json is the record as last emitted, so a removal can carry it. last_seen_seq is the seq of the
-- last run whose snapshot contained the record: after a complete run, rows it did not see are removals.
CREATE TABLE roster_fingerprint (
    district_id   TEXT         NOT NULL,
    entity_id     TEXT         NOT NULL,
    entity_type   TEXT         NOT NULL,
    fingerprint   TEXT         NOT NULL,
    record_json   TEXT         NOT NULL,
    archived      BOOLEAN      NOT NULL DEFAULT FALSE,
    last_seen_seq BIGINT       NOT NULL,
    changed_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (district_id, entity_id)
) WITH (fillfactor = 80);

-- One row per fired schedule slot: the replica that inserts it runs the nightly syncs, the others skip.
CREATE TABLE schedule_fire (
    schedule   TEXT         NOT NULL,
    fire_time  TIMESTAMPTZ  NOT NULL,
    claimed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule, fire_time)
);
