-- Support's "why can't this student log in?": find a person by name, email, Clever id or SIS id across districts,
-- and say which sync run last changed them.

-- The run whose change last altered the row (written with it by the batch path; a no-op change leaves it).
-- NULL for rows written before this column.
ALTER TABLE roster_user ADD COLUMN last_run_id UUID;

-- Prefix search on names and email, case-insensitive: lower(column) LIKE 'prefix%'. text_pattern_ops makes the
-- B-tree usable for LIKE whatever the database's collation.
CREATE INDEX roster_user_last_name_prefix_idx ON roster_user (lower(last_name) text_pattern_ops);
CREATE INDEX roster_user_first_name_prefix_idx ON roster_user (lower(first_name) text_pattern_ops);
CREATE INDEX roster_user_email_prefix_idx ON roster_user (lower(email) text_pattern_ops);

-- SIS ids live in the roles (one per role); an exact match goes through this expression index:
-- jsonb_path_query_array(roles, '$[*].sisId') @> '["<sis id>"]'.
CREATE INDEX roster_user_sis_ids_idx ON roster_user USING gin (jsonb_path_query_array(roles, '$[*].sisId') jsonb_path_ops);
