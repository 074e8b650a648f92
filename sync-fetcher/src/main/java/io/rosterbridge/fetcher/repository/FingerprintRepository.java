package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;

/**
 * The fetcher's memory of what it last emitted per district (table roster_fingerprint): per record its
 * type, 64-bit content fingerprint, the record as emitted (a removal carries it), archived, and
 * {@code removing} while a removal is on its way; and the removals held runs wait to make (table
 * held_removal). Plain JDBC: a district's fingerprints are read in one streamed query, and a page of
 * emitted records is written with one COPY and one upsert.
 */
@ApplicationScoped
public class FingerprintRepository {

    /** Receives one stored fingerprint. */
    @FunctionalInterface
    public interface StoredVisitor {
        void visit(String entityId, String entityType, long fingerprint, boolean archived, boolean removing);
    }

    /** A record about to be removed, as it was last emitted. */
    public record Removal(String entityType, String entityId, String recordJson) {
    }

    private static final int LOAD_FETCH_SIZE = 10_000;

    private final DataSource db;

    public FingerprintRepository(DataSource db) {
        this.db = db;
    }

    /** Streams every stored fingerprint of the district (archived ones too) to {@code visitor}. */
    public void forEach(String districtId, StoredVisitor visitor) {
        String sql = "SELECT entity_id, entity_type, content_hash, archived, removing FROM roster_fingerprint WHERE district_id = ?";
        try (Connection c = db.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(LOAD_FETCH_SIZE);
                ps.setString(1, districtId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visitor.visit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getBoolean(5));
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read fingerprints of district " + districtId, e);
        }
    }

    /** Streams the stored fingerprints of some records of the district (the ones an events page touches). */
    public void forEachOf(String districtId, Collection<String> entityIds, StoredVisitor visitor) {
        String sql = "SELECT entity_id, entity_type, content_hash, archived, removing FROM roster_fingerprint "
                + "WHERE district_id = ? AND entity_id = ANY (?)";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setArray(2, c.createArrayOf("text", entityIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    visitor.visit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4), rs.getBoolean(5));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read fingerprints of district " + districtId, e);
        }
    }

    /** Users the roster has as active in the district (the base of the removal share). */
    public long countActiveUsers(String districtId) {
        return count("SELECT count(*) FROM roster_fingerprint WHERE district_id = ? AND entity_type = 'user' AND NOT archived",
                ps -> ps.setString(1, districtId), "Cannot count users of district " + districtId);
    }

    /**
     * Records emitted records after Kafka acknowledged their events, in one transaction: the created ones
     * (new to the district, each once) are copied straight into the table, the updated and restored ones
     * are copied into a session's staging table and upserted from it.
     */
    public void saveEmitted(String districtId, List<Encoded> created, List<Encoded> changed) {
        if (created.isEmpty() && changed.isEmpty()) {
            return;
        }
        String upsert = """
                INSERT INTO roster_fingerprint (district_id, entity_id, entity_type, content_hash, record_json, archived, removing, changed_at)
                SELECT DISTINCT ON (entity_id) district_id, entity_id, entity_type, content_hash, record_json, FALSE, FALSE, now()
                FROM fingerprint_staging
                ON CONFLICT (district_id, entity_id) DO UPDATE SET entity_type = EXCLUDED.entity_type,
                    content_hash = EXCLUDED.content_hash, record_json = EXCLUDED.record_json, archived = FALSE, removing = FALSE,
                    changed_at = now()
                """;
        try {
            inTransaction(c -> {
                if (!created.isEmpty()) {
                    copy(c, "COPY roster_fingerprint (district_id, entity_id, entity_type, content_hash, record_json) FROM STDIN (FORMAT binary)",
                            districtId, created);
                }
                if (!changed.isEmpty()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TEMP TABLE IF NOT EXISTS fingerprint_staging (district_id TEXT, entity_id TEXT, entity_type TEXT, "
                                + "content_hash BIGINT, record_json TEXT) ON COMMIT DELETE ROWS");
                        copy(c, "COPY fingerprint_staging FROM STDIN (FORMAT binary)", districtId, changed);
                        s.executeUpdate(upsert);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record emitted records of district " + districtId, e);
        }
    }

    /**
     * Marks records as being removed, before their removal events are sent, and returns them as last
     * emitted (archived ones are skipped). A crash before {@link #archive} leaves the mark for the next run.
     */
    public List<Removal> markRemoving(String districtId, List<String> ids) {
        String sql = """
                UPDATE roster_fingerprint SET removing = TRUE
                WHERE district_id = ? AND entity_id = ANY (?) AND NOT archived
                RETURNING entity_type, entity_id, record_json
                """;
        List<Removal> removals = new ArrayList<>(ids.size());
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    removals.add(new Removal(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return removals;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot mark removals of district " + districtId, e);
        }
    }

    /** Archives records once their removal events were acknowledged. */
    public void archive(String districtId, List<String> ids) {
        archive(districtId, ids, null);
    }

    /**
     * Archives records once their removal events were acknowledged; with {@code heldRun}, the approval of that held
     * run removed them, which its held_removal rows record in the same transaction ({@link #countRemovedByApproval}).
     */
    public void archive(String districtId, List<String> ids, UUID heldRun) {
        String archive = "UPDATE roster_fingerprint SET archived = TRUE, removing = FALSE, changed_at = now() "
                + "WHERE district_id = ? AND entity_id = ANY (?)";
        String approved = "UPDATE held_removal SET removed = TRUE WHERE run_id = ? AND entity_id = ANY (?)";
        try {
            inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(archive)) {
                    ps.setString(1, districtId);
                    ps.setArray(2, c.createArrayOf("text", ids.toArray()));
                    ps.executeUpdate();
                }
                if (heldRun != null) {
                    try (PreparedStatement held = c.prepareStatement(approved)) {
                        held.setObject(1, heldRun);
                        held.setArray(2, c.createArrayOf("text", ids.toArray()));
                        held.executeUpdate();
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot archive records of district " + districtId, e);
        }
    }

    /** How many of the held run's removals its approval made, over every attempt (an approval may crash part-way). */
    public long countRemovedByApproval(UUID heldRun) {
        return count("SELECT count(*) FROM held_removal WHERE run_id = ? AND removed", ps -> ps.setObject(1, heldRun),
                "Cannot count the removals of held run " + heldRun);
    }

    /** Records a held run's removals until support decides. */
    public void holdRemovals(UUID runId, String districtId, Collection<String> entityIds) {
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
        return heldIds("SELECT DISTINCT entity_id FROM held_removal WHERE district_id = ?", ps -> ps.setString(1, districtId));
    }

    /** The held run's removals whose records are still active, in id order. */
    public List<String> heldStillActive(UUID runId) {
        String sql = """
                SELECT h.entity_id FROM held_removal h
                JOIN roster_fingerprint f ON f.district_id = h.district_id AND f.entity_id = h.entity_id
                WHERE h.run_id = ? AND NOT f.archived ORDER BY h.entity_id
                """;
        return heldIds(sql, ps -> ps.setObject(1, runId));
    }

    /** Records Clever sent again are no longer held for removal by any run. */
    public void releaseHeld(String districtId, Collection<String> entityIds) {
        if (entityIds.isEmpty()) {
            return;
        }
        execute("DELETE FROM held_removal WHERE district_id = ? AND entity_id = ANY (?)", (c, ps) -> {
            ps.setString(1, districtId);
            ps.setArray(2, c.createArrayOf("text", entityIds.toArray()));
        });
    }

    /** The records as last emitted, by id, of those of {@code ids} the district has (read only; a preview names its removals). */
    public Map<String, String> recordsOf(String districtId, Collection<String> ids) {
        String sql = "SELECT entity_id, record_json FROM roster_fingerprint WHERE district_id = ? AND entity_id = ANY (?)";
        Map<String, String> records = new HashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.put(rs.getString(1), rs.getString(2));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read records of district " + districtId, e);
        }
    }

    /** A decided run holds nothing any more. */
    public void forgetHeld(UUID runId) {
        execute("DELETE FROM held_removal WHERE run_id = ?", (c, ps) -> ps.setObject(1, runId));
    }

    @FunctionalInterface
    private interface TransactionWork {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on one connection in one transaction: all of it commits, or none of it. */
    private void inTransaction(TransactionWork work) throws SQLException {
        try (Connection c = db.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionBinder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    private long count(String countSql, Binder binder, String failure) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(countSql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    private List<String> heldIds(String sql, Binder binder) {
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

    /** The rows in COPY's binary format, streamed in chunks, so a page of records is never held a second time whole. */
    private static void copy(Connection c, String sql, String districtId, List<Encoded> records) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            BinaryCopyRows rows = new BinaryCopyRows(copy);
            for (Encoded e : records) {
                rows.row(5).text(districtId).text(e.id()).text(e.entityType()).bigint(e.fingerprint()).text(e.json());
            }
            rows.end();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
