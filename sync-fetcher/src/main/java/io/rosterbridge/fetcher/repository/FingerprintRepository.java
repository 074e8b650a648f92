package io.rosterbridge.fetcher.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;

/**
 * The fetcher's memory of what it last emitted per district (table roster_fingerprint). Plain JDBC
 * with array parameters: a page of 10,000 ids is looked up, and later advanced, in one statement each.
 */
@ApplicationScoped
public class FingerprintRepository {

    /** What was last emitted for an id. */
    public record Stored(String fingerprint, boolean archived) {
    }

    /** A record the last complete snapshot did not contain, as it was last emitted. */
    public record Unseen(String entityType, String entityId, String recordJson) {
    }

    private final DataSource db;

    public FingerprintRepository(DataSource db) {
        this.db = db;
    }

    public Map<String, Stored> lookup(String districtId, Collection<String> ids) {
        Map<String, Stored> stored = new HashMap<>(ids.size() * 2);
        String sql = "SELECT entity_id, fingerprint, archived FROM roster_fingerprint WHERE district_id = ? AND entity_id = ANY (?)";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), new Stored(rs.getString(2), rs.getBoolean(3)));
                }
            }
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read fingerprints of district " + districtId, e);
        }
    }

    /**
     * Records, after Kafka acknowledged their events, the page's emitted records and marks every record
     * of the page (changed or not) as seen by run {@code seq}.
     */
    public void advance(String districtId, long seq, List<Encoded> emitted, List<String> unchangedIds) {
        String upsert = """
                INSERT INTO roster_fingerprint (district_id, entity_id, entity_type, fingerprint, record_json, archived, last_seen_seq, changed_at)
                SELECT ?, t.id, t.type, t.fp, t.rec, FALSE, ?, now()
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(id, type, fp, rec)
                ON CONFLICT (district_id, entity_id) DO UPDATE SET entity_type = EXCLUDED.entity_type,
                    fingerprint = EXCLUDED.fingerprint, record_json = EXCLUDED.record_json, archived = FALSE,
                    last_seen_seq = EXCLUDED.last_seen_seq, changed_at = now()
                """;
        String touch = "UPDATE roster_fingerprint SET last_seen_seq = ? WHERE district_id = ? AND entity_id = ANY (?)";
        try (Connection c = db.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (!emitted.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(upsert)) {
                        int n = emitted.size();
                        String[] ids = new String[n], types = new String[n], fps = new String[n], recs = new String[n];
                        for (int i = 0; i < n; i++) {
                            Encoded e = emitted.get(i);
                            ids[i] = e.id();
                            types[i] = e.entityType();
                            fps[i] = e.fingerprint();
                            recs[i] = e.json();
                        }
                        ps.setString(1, districtId);
                        ps.setLong(2, seq);
                        ps.setArray(3, c.createArrayOf("text", ids));
                        ps.setArray(4, c.createArrayOf("text", types));
                        ps.setArray(5, c.createArrayOf("text", fps));
                        ps.setArray(6, c.createArrayOf("text", recs));
                        ps.executeUpdate();
                    }
                }
                if (!unchangedIds.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(touch)) {
                        ps.setLong(1, seq);
                        ps.setString(2, districtId);
                        ps.setArray(3, c.createArrayOf("text", unchangedIds.toArray()));
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot advance fingerprints of district " + districtId, e);
        }
    }

    /** Active (not archived) records of a type. */
    public long countActive(String districtId, String entityType) {
        return count("SELECT count(*) FROM roster_fingerprint WHERE district_id = ? AND entity_type = ? AND NOT archived",
                districtId, entityType, null);
    }

    /** Active records of a type that no run since (and including) {@code seq} has seen. */
    public long countUnseen(String districtId, String entityType, long seq) {
        return count("SELECT count(*) FROM roster_fingerprint WHERE district_id = ? AND entity_type = ? AND NOT archived AND last_seen_seq < ?",
                districtId, entityType, seq);
    }

    /** Next batch of unseen active records after {@code afterId} (keyset paging, so nothing is held in memory). */
    public List<Unseen> unseen(String districtId, long seq, String afterId, int limit) {
        String sql = """
                SELECT entity_type, entity_id, record_json FROM roster_fingerprint
                WHERE district_id = ? AND NOT archived AND last_seen_seq < ? AND entity_id > ?
                ORDER BY entity_id LIMIT ?
                """;
        List<Unseen> batch = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setLong(2, seq);
            ps.setString(3, afterId);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    batch.add(new Unseen(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return batch;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read unseen records of district " + districtId, e);
        }
    }

    /** Marks records archived once their removal events were acknowledged. */
    public void archive(String districtId, List<String> ids) {
        String sql = "UPDATE roster_fingerprint SET archived = TRUE, changed_at = now() WHERE district_id = ? AND entity_id = ANY (?)";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            Array array = c.createArrayOf("text", ids.toArray());
            ps.setArray(2, array);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot archive records of district " + districtId, e);
        }
    }

    private long count(String sql, String districtId, String entityType, Long seq) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setString(2, entityType);
            if (seq != null) {
                ps.setLong(3, seq);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count records of district " + districtId, e);
        }
    }
}
