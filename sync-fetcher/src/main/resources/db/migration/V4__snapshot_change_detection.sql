-- Change detection against a per-district snapshot loaded once per run (issue 16): an unchanged record costs no
-- write at all, so "seen by run n" (last_seen_seq) goes; a 64-bit content hash replaces the hex SHA-256 (its
-- first 8 bytes, so nothing stored is re-sent).
ALTER TABLE roster_fingerprint ADD COLUMN content_hash BIGINT;
UPDATE roster_fingerprint SET content_hash = ('x' || substr(fingerprint, 1, 16))::bit(64)::bigint;
ALTER TABLE roster_fingerprint ALTER COLUMN content_hash SET NOT NULL;

-- A removal is marked before it is sent and archived after Kafka acknowledged it. A row a crash left marked may or
-- may not be archived downstream, so the next run sends a removal again, or a restore if Clever has the record.
ALTER TABLE roster_fingerprint ADD COLUMN removing BOOLEAN NOT NULL DEFAULT FALSE;

-- The removals a held run would make, until support decides. A later run that sees one of them again deletes it
-- here, so an approval never removes a record Clever has since sent again.
CREATE TABLE held_removal (
    run_id      UUID  NOT NULL,
    district_id TEXT  NOT NULL,
    entity_id   TEXT  NOT NULL,
    PRIMARY KEY (run_id, entity_id)
);
CREATE INDEX held_removal_district ON held_removal (district_id);

-- Runs held before this migration keep their removals: what they saw was recorded as last_seen_seq.
INSERT INTO held_removal (run_id, district_id, entity_id)
SELECT r.run_id, f.district_id, f.entity_id
FROM sync_run r JOIN roster_fingerprint f ON f.district_id = r.district_id AND NOT f.archived AND f.last_seen_seq < r.seq
WHERE r.status = 'held';

ALTER TABLE roster_fingerprint DROP COLUMN fingerprint;
ALTER TABLE roster_fingerprint DROP COLUMN last_seen_seq;

-- Unchanged records are no longer rewritten, so the record need not live out of line (V3): back to the default,
-- which saves a TOAST insert per record written.
ALTER TABLE roster_fingerprint ALTER COLUMN record_json SET STORAGE EXTENDED;
ALTER TABLE roster_fingerprint RESET (toast_tuple_target);
