-- A run can complete more than once: a held run completes with its removals held back, and again when support
-- approves them (same run id, a second roster.run-completed marker). Each completion owes its own roster.applied
-- signal, reporting what was applied since the previous signal; these columns hold what earlier signals reported.
ALTER TABLE run_progress
    ADD COLUMN signalled_created  INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN signalled_updated  INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN signalled_removed  INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN signalled_restored INTEGER NOT NULL DEFAULT 0;
