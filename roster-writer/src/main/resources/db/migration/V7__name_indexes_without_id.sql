-- The person search's name indexes (V5) without the id as a last key column. Every user written updates both, and
-- with the id each entry was unique: about 100 MB each at 1.3M users, written at random places. Without it, users of
-- the same first and last name share one entry (B-tree deduplication), the indexes are a third of that with names
-- as varied as a real district's (a tenth with the benchmark's), and a 1M-user COPY into roster_user is 14% cheaper
-- (docs/benchmarks/end-to-end.md, issue 16). A page of matches is still read in (name, name) order straight from the
-- index; the planner sorts each run of equal names by id on the way (an incremental sort) and stops after the page.
DROP INDEX roster_user_by_last_name_idx;
DROP INDEX roster_user_by_first_name_idx;
CREATE INDEX roster_user_by_last_name_idx ON roster_user ((lower(last_name) COLLATE "C"), (lower(first_name) COLLATE "C"));
CREATE INDEX roster_user_by_first_name_idx ON roster_user ((lower(first_name) COLLATE "C"), (lower(last_name) COLLATE "C"));
