-- Keep the emitted record out of line (TOAST, uncompressed), so marking an unchanged record as seen rewrites a
-- small tuple that only points at the record instead of copying the whole record on every run.
ALTER TABLE roster_fingerprint ALTER COLUMN record_json SET STORAGE EXTERNAL;
ALTER TABLE roster_fingerprint SET (toast_tuple_target = 128);
