package io.rosterbridge.reliability;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.rosterbridge.reliability.ExpectedRoster.ExpectedUser;
import io.rosterbridge.reliability.RosterTables.Row;

/**
 * Compares roster-writer's tables with Clever's truth for one district: the same active users with the same
 * names, roles and schools; archived exactly the users that were once shared and are gone now; no row nobody
 * ever shared; no duplicates; and no completed run applied more than it announced.
 */
final class RosterComparison {

    /** The outcome: how many user records were compared and what did not match (empty = as Clever says). */
    record Result(long recordsCompared, long active, long archived, List<String> mismatches) {

        boolean clean() {
            return mismatches.isEmpty();
        }

        /** At most {@code max} mismatches, for messages and the report. */
        String sample(int max) {
            return String.join("\n  ", mismatches.subList(0, Math.min(max, mismatches.size())))
                    + (mismatches.size() > max ? "\n  … and " + (mismatches.size() - max) + " more" : "");
        }
    }

    private RosterComparison() {
    }

    /**
     * @param everShared every user id that was on the expected roster at an earlier comparison of this district;
     *                   those not expected now must be archived
     */
    static Result compare(RosterTables tables, String districtId, Map<String, ExpectedUser> expected, Set<String> everShared)
            throws SQLException {
        Map<String, Row> rows = tables.users(districtId);
        List<String> mismatches = new ArrayList<>();
        Set<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(rows.keySet());
        ids.addAll(everShared);
        long active = 0;
        long archived = 0;
        for (String id : ids) {
            ExpectedUser want = expected.get(id);
            Row row = rows.get(id);
            if (row != null && row.active()) {
                active++;
            } else if (row != null) {
                archived++;
            }
            if (want != null) {
                if (row == null) {
                    mismatches.add("missing user " + id);
                } else if (!row.active()) {
                    mismatches.add("archived but still shared: " + id);
                } else {
                    compareContent(id, want, row, mismatches);
                }
            } else if (row == null) {
                if (everShared.contains(id)) {
                    mismatches.add("row deleted instead of archived: " + id);
                }
            } else if (row.active()) {
                mismatches.add(everShared.contains(id) ? "still active after removal in Clever: " + id
                        : "active but never shared: " + id);
            } else if (!everShared.contains(id)) {
                mismatches.add("archived row of a user never shared: " + id);
            }
        }
        long duplicates = tables.duplicateIds();
        if (duplicates > 0) {
            mismatches.add(duplicates + " duplicated user ids in roster_user");
        }
        for (RosterTables.RunLedgerRow run : tables.completedRuns(districtId)) {
            String excess = appliedBeyondAnnounced(Arrays.stream(run.applied()).asLongStream().toArray(),
                    Arrays.stream(run.announced()).asLongStream().toArray());
            if (excess != null) {
                mismatches.add("run " + run.runId() + " applied " + Arrays.toString(run.applied()) + " but its marker announced "
                        + Arrays.toString(run.announced()) + " (created, updated, removed, restored): " + excess);
            }
        }
        return new Result(ids.size(), active, archived, mismatches);
    }

    /**
     * The writer counts effective changes (docs/events/roster-applied.schema.json), the fetcher the changes it sent, so
     * a run re-sending what a crashed run delivered announces more than it applies. Never the other way: each change
     * has at most one effect, and only a removal archives.
     *
     * @param applied   created, updated, removed, restored as the writer counted them
     * @param announced the same as the run's markers announced
     * @return what the run applied beyond its announcement, or null when nothing
     */
    static String appliedBeyondAnnounced(long[] applied, long[] announced) {
        if (applied[2] > announced[2]) {
            return "archived more rows than it removed";
        }
        if (Arrays.stream(applied).sum() > Arrays.stream(announced).sum()) {
            return "more effects than changes";
        }
        return null;
    }

    private static void compareContent(String id, ExpectedUser want, Row row, List<String> mismatches) {
        if (!Objects.equals(want.first(), row.first()) || !Objects.equals(want.last(), row.last())) {
            mismatches.add("name of " + id + ": Clever " + want.first() + " " + want.last() + ", roster " + row.first() + " " + row.last());
        }
        if (!want.roles().equals(row.roles())) {
            mismatches.add("roles of " + id + ": Clever " + want.roles() + ", roster " + row.roles());
        }
        if (!want.schools().equals(new HashSet<>(row.schoolIds())) || row.schoolIds().size() != new HashSet<>(row.schoolIds()).size()) {
            mismatches.add("schools of " + id + ": Clever " + want.schools() + ", roster " + row.schoolIds());
        }
        if (!want.roles().keySet().equals(new HashSet<>(row.roleNames())) || row.roleNames().size() != want.roles().size()) {
            mismatches.add("role names of " + id + ": Clever " + want.roles().keySet() + ", roster " + row.roleNames());
        }
    }
}
