-- The run the holder started for its running sync. A replica taking the district over reads it: a run that had
-- already ended (its holder died after the run's end, before it let the district go) is not run again.
ALTER TABLE district_work ADD COLUMN running_run_id UUID;
