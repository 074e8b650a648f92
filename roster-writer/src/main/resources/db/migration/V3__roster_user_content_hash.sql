-- A digest of the columns a change may alter (district, names, email, roles, schools, active), written with them.
-- The writer compares it with the digest of an incoming change to skip a no-op update without reading the row's
-- columns; NULL (rows written before this column) only means "compare the columns".
ALTER TABLE roster_user ADD COLUMN content_hash BYTEA;
