-- An approved held run's removals are archived batch by batch; each batch also sets removed here, in the archive's
-- transaction. An approval that crashed part-way leaves the run held: approving it again removes the rest and counts
-- every removal made for the run, not only its own.
ALTER TABLE held_removal ADD COLUMN removed BOOLEAN NOT NULL DEFAULT FALSE;
