package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** The removals of held runs awaiting support's decision (table held_removal). */
@ApplicationScoped
public class HeldRemovalRepository {

    private final DataSource db;

    public HeldRemovalRepository(DataSource db) {
        this.db = db;
    }

    public void hold(UUID runId, String districtId, Collection<String> entityIds) {
        String sql = "INSERT INTO held_removal (run_id, district_id, entity_id) SELECT ?, ?, unnest(?::text[]) ON CONFLICT DO NOTHING";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, runId);
            ps.setString(2, districtId);
            ps.setArray(3, c.createArrayOf("text", entityIds.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record held removals of run " + runId, e);
        }
    }

    /** Every id held for removal in the district, by any held run. */
    public List<String> heldIn(String districtId) {
        return ids("SELECT DISTINCT entity_id FROM held_removal WHERE district_id = ?", ps -> ps.setString(1, districtId));
    }

    /** The run's held removals whose records are still active, in id order. */
    public List<String> stillActive(UUID runId) {
        String sql = """
                SELECT h.entity_id FROM held_removal h
                JOIN roster_fingerprint f ON f.district_id = h.district_id AND f.entity_id = h.entity_id
                WHERE h.run_id = ? AND NOT f.archived ORDER BY h.entity_id
                """;
        return ids(sql, ps -> ps.setObject(1, runId));
    }

    /** Records Clever sent again are no longer held for removal by any run. */
    public void release(String districtId, Collection<String> entityIds) {
        if (entityIds.isEmpty()) {
            return;
        }
        execute("DELETE FROM held_removal WHERE district_id = ? AND entity_id = ANY (?)", (c, ps) -> {
            ps.setString(1, districtId);
            ps.setArray(2, c.createArrayOf("text", entityIds.toArray()));
        });
    }

    /** A decided run holds nothing any more. */
    public void forget(UUID runId) {
        execute("DELETE FROM held_removal WHERE run_id = ?", (c, ps) -> ps.setObject(1, runId));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionBinder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    private List<String> ids(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read held removals", e);
        }
    }

    private void execute(String sql, ConnectionBinder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update held removals", e);
        }
    }
}
