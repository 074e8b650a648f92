-- Two lanes insert users at once (service.ApplyLanes). A GIN index's fast-update pending list is one list per index
-- that every inserter appends to in turn; with two inserters PostgreSQL spent ~17 CPU-s more per 1M users on it
-- (docs/benchmarks/end-to-end.md, issue 16). Entries go straight into the index instead, and what is pending now
-- is moved there first.
SELECT gin_clean_pending_list('roster_user_sis_ids_idx'::regclass);
ALTER INDEX roster_user_sis_ids_idx SET (fastupdate = off);
