-- The run queue every fetcher replica shares (issue 18): one row per district holding what is queued for it, who holds
-- it now and until when (a lease the holder renews; another replica takes over once it lapses), and its back-off.
CREATE TABLE district_work (
    district_id           TEXT         PRIMARY KEY,
    -- the full sync queued next (null trigger: nothing queued)
    trigger               TEXT,
    requested_by          TEXT,
    reason                TEXT,
    queued_at             TIMESTAMPTZ,
    -- a request that arrived while the queued one had not started yet: it runs after it as a follow-up
    follow_up             BOOLEAN      NOT NULL DEFAULT FALSE,
    follow_up_by          TEXT,
    follow_up_reason      TEXT,
    -- the full sync the holder is running (null: none); a taker-over runs it again from the start
    running_trigger       TEXT,
    running_requested_by  TEXT,
    running_reason        TEXT,
    -- the replica holding the district (a full sync, an event poll or a held run's decision) and its lease
    owner                 TEXT,
    lease_until           TIMESTAMPTZ,
    -- a replica has decisions on held runs waiting for the district: they go before the queued sync (renewed like a lease)
    actions_waiting_until TIMESTAMPTZ,
    -- users in the district's last finished run: the queue runs small districts first
    expected_users        BIGINT,
    -- back-off after failed runs: nothing queued starts before not_before
    failures              INT          NOT NULL DEFAULT 0,
    not_before            TIMESTAMPTZ,
    started_at            TIMESTAMPTZ,
    finished_at           TIMESTAMPTZ,
    -- the nightly fire that skipped the district (a skip-night back-to-school window)
    skipped_at            TIMESTAMPTZ
);
-- What workers claim: queued rows, smallest first, then oldest.
CREATE INDEX district_work_queued ON district_work (expected_users NULLS LAST, queued_at) WHERE trigger IS NOT NULL;
-- The night view reads the runs started since the last nightly fire.
CREATE INDEX sync_run_started ON sync_run (started_at);
