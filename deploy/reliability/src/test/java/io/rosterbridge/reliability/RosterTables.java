package io.rosterbridge.reliability;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Read-only SQL on roster-writer's own database (tables of its Flyway migration V1__roster.sql): the users of a
 * district, duplicates, and the per-run counts ledger.
 */
final class RosterTables {

    /** One roster_user row. Roles map role name to its schools (from the JSONB roles column). */
    record Row(String id, boolean active, String first, String last, Map<String, Set<String>> roles,
            List<String> roleNames, List<String> schoolIds) {
    }

    /** One completed run in run_progress: what the writer applied and what the fetcher's marker announced. */
    record RunLedgerRow(String runId, int[] applied, int[] announced) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String jdbcUrl;

    RosterTables(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    Map<String, Row> users(String districtId) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT id, active, first_name, last_name, roles::text, role_names, school_ids FROM roster_user WHERE district_id = ?")) {
            s.setFetchSize(5_000);
            s.setString(1, districtId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new Row(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4),
                            roles(rs.getString(5)), strings(rs.getArray(6)), strings(rs.getArray(7))));
                }
            }
        }
        return rows;
    }

    /** Rows that share an id, or a user listed under two districts; must be none. */
    long duplicateIds() throws SQLException {
        return count("SELECT count(*) FROM (SELECT id FROM roster_user GROUP BY id HAVING count(*) > 1) d");
    }

    long rowsOf(String districtId, boolean active) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM roster_user WHERE district_id = ? AND active = ?")) {
            s.setString(1, districtId);
            s.setBoolean(2, active);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Completed runs of the district, with the writer's applied counts and the fetcher's announced ones. */
    List<RunLedgerRow> completedRuns(String districtId) throws SQLException {
        List<RunLedgerRow> runs = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                SELECT run_id, created, updated, removed, restored,
                       fetcher_created, fetcher_updated, fetcher_removed, fetcher_restored
                FROM run_progress WHERE district_id = ? AND completed_at IS NOT NULL""")) {
            s.setString(1, districtId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    runs.add(new RunLedgerRow(rs.getString(1),
                            new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)},
                            new int[] {rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9)}));
                }
            }
        }
        return runs;
    }

    /** What the writer applied for the district over all runs, completed or not: created, updated, removed, restored. */
    long[] appliedTotals(String districtId) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                SELECT coalesce(sum(created), 0), coalesce(sum(updated), 0), coalesce(sum(removed), 0), coalesce(sum(restored), 0)
                FROM run_progress WHERE district_id = ?""")) {
            s.setString(1, districtId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        return connection;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Map<String, Set<String>> roles(String json) {
        Map<String, Set<String>> roles = new TreeMap<>();
        try {
            for (JsonNode role : JSON.readTree(json)) {
                Set<String> schools = new TreeSet<>();
                role.path("schoolIds").forEach(s -> schools.add(s.asText()));
                // the same role twice in one user is a duplicate the comparison reports
                roles.merge(role.path("role").asText(), schools, (a, b) -> {
                    Set<String> both = new TreeSet<>(a);
                    both.add("<duplicate role>");
                    return both;
                });
            }
        } catch (Exception e) {
            roles.put("<unreadable roles: " + e.getMessage() + ">", Set.of());
        }
        return roles;
    }
}
