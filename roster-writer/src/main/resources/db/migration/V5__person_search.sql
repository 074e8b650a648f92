-- Support's "why can't this student log in?": find a person by name, email, Clever id or SIS id across districts,
-- and say which sync run last changed them.

-- The run whose change last altered the row (written with it by the batch path; a no-op change leaves it).
-- NULL for rows written before this column.
ALTER TABLE roster_user ADD COLUMN last_run_id UUID;

-- Prefix search on names, case-insensitive: lower(column) COLLATE "C" LIKE 'prefix%', read in (last, first, id) or
-- (first, last, id) order straight from these B-trees. The C collation (byte order) is what lets a B-tree serve LIKE
-- whatever the database's collation; carrying the other name and the id lets a page stop after its rows instead of
-- sorting every match of a short prefix.
CREATE INDEX roster_user_by_last_name_idx ON roster_user ((lower(last_name) COLLATE "C"), (lower(first_name) COLLATE "C"), id);
CREATE INDEX roster_user_by_first_name_idx ON roster_user ((lower(first_name) COLLATE "C"), (lower(last_name) COLLATE "C"), id);
-- Email prefixes are selective (they are typed up to the @ or whole): a plain prefix index is enough.
CREATE INDEX roster_user_email_prefix_idx ON roster_user (lower(email) text_pattern_ops);

-- SIS ids live in the roles (one per role); an exact match goes through this expression index:
-- jsonb_path_query_array(roles, '$[*].sisId') @> '["<sis id>"]'.
CREATE INDEX roster_user_sis_ids_idx ON roster_user USING gin (jsonb_path_query_array(roles, '$[*].sisId') jsonb_path_ops);
