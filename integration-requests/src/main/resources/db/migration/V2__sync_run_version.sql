-- sync.runs and roster.applied are consumed on separate channels (and replicas) and both update a run:
-- optimistic locking, so the later of two concurrent updates is retried instead of overwriting the other.
ALTER TABLE sync_run ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- The writer's roster.applied can arrive before the fetcher's first sync.runs event of the run; the row is
-- then created from it, and the trigger is only known once the fetcher's event arrives.
ALTER TABLE sync_run ALTER COLUMN trigger DROP NOT NULL;
