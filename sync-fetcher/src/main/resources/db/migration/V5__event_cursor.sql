-- Live updates from Clever's Events API (issue 17). One row per district, beside its fingerprints: where its event
-- feed was last read. A full sync that completes sets the cursor to the newest event from before it started;
-- the poller advances it only after Kafka acknowledged the changes of the events up to it.
--   state live:   polled every fetcher.events.poll-interval; last_event_id NULL = the feed was empty, read from its head
--   state off:    nightly only, the feed shows no events though the full sync found changes (events not enabled)
--   state paused: removals over the sliding-window threshold were held; waits for the next completed full sync
--   state resync: the cursor is unknown or expired at Clever (404), or a gap is suspected; waits for a full sync
CREATE TABLE event_cursor (
    district_id    TEXT         PRIMARY KEY,
    state          TEXT         NOT NULL,
    last_event_id  TEXT,
    reason         TEXT,
    last_event_at  TIMESTAMPTZ,
    last_applied_at TIMESTAMPTZ,
    last_polled_at TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ  NOT NULL
);

-- User removals applied from events, for the sliding-window safety hold (old rows are deleted as the window moves).
CREATE TABLE event_removal (
    district_id TEXT         NOT NULL,
    entity_id   TEXT         NOT NULL,
    removed_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX event_removal_window ON event_removal (district_id, removed_at);
