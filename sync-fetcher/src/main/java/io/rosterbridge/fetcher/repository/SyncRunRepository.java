package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Sync runs (table sync_run). */
@ApplicationScoped
public class SyncRunRepository {

    /** A stored run. */
    public record RunRow(UUID runId, long seq, String districtId, String trigger, String requestedBy, String reason, RunStatus status,
            Instant startedAt, Instant finishedAt, long fetchedSchools, long fetchedUsers, long created, long updated, long removed,
            long restored, long heldRemovals, String statusReason, String decidedBy) {
    }

    /** How a run ended: what it fetched, the changes it emitted, the removals it held, and why when it did not complete. */
    public record RunResult(RunStatus status, Instant finishedAt, long fetchedSchools, long fetchedUsers, long created, long updated,
            long removed, long restored, long heldRemovals, String reason) {
    }

    private static final String COLUMNS = "run_id, seq, district_id, trigger, requested_by, reason, status, started_at, finished_at, "
            + "fetched_schools, fetched_users, created, updated, removed, restored, held_removals, status_reason, decided_by";

    private final DataSource db;

    public SyncRunRepository(DataSource db) {
        this.db = db;
    }

    /** Stores a new running run and returns its seq. */
    public long start(UUID runId, String districtId, String trigger, String requestedBy, String reason, Instant startedAt) {
        String sql = "INSERT INTO sync_run (run_id, district_id, trigger, requested_by, reason, status, started_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, runId);
            ps.setString(2, districtId);
            ps.setString(3, trigger);
            ps.setString(4, requestedBy);
            ps.setString(5, reason);
            ps.setString(6, RunStatus.RUNNING.code());
            ps.setTimestamp(7, Timestamp.from(startedAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record run of district " + districtId, e);
        }
    }

    public void finish(UUID runId, RunResult result) {
        String sql = "UPDATE sync_run SET status = ?, finished_at = ?, fetched_schools = ?, fetched_users = ?, created = ?, updated = ?, "
                + "removed = ?, restored = ?, held_removals = ?, status_reason = ? WHERE run_id = ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, result.status().code());
            ps.setTimestamp(2, Timestamp.from(result.finishedAt()));
            ps.setLong(3, result.fetchedSchools());
            ps.setLong(4, result.fetchedUsers());
            ps.setLong(5, result.created());
            ps.setLong(6, result.updated());
            ps.setLong(7, result.removed());
            ps.setLong(8, result.restored());
            ps.setLong(9, result.heldRemovals());
            ps.setString(10, result.reason());
            ps.setObject(11, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record end of run " + runId, e);
        }
    }

    /** Moves a held run to approved/discarded; false when it is not (or no longer) held. */
    public boolean decide(UUID runId, RunStatus status, String decidedBy, long removed) {
        String sql = "UPDATE sync_run SET status = ?, decided_by = ?, removed = ? WHERE run_id = ? AND status = ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status.code());
            ps.setString(2, decidedBy);
            ps.setLong(3, removed);
            ps.setObject(4, runId);
            ps.setString(5, RunStatus.HELD.code());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record decision on run " + runId, e);
        }
    }

    public Optional<RunRow> find(UUID runId) {
        List<RunRow> rows = query("SELECT " + COLUMNS + " FROM sync_run WHERE run_id = ?", ps -> ps.setObject(1, runId));
        return rows.stream().findFirst();
    }

    public List<RunRow> recent(String districtId, int limit) {
        return query("SELECT " + COLUMNS + " FROM sync_run WHERE district_id = ? ORDER BY seq DESC LIMIT ?", ps -> {
            ps.setString(1, districtId);
            ps.setInt(2, limit);
        });
    }

    /**
     * Runs left 'running' by a process that stopped, on any replica: those of districts no replica holds a live lease on
     * (district_work). They never completed, so they removed nobody.
     */
    public int failInterrupted() {
        return failRunning("NOT EXISTS (SELECT 1 FROM district_work w WHERE w.district_id = sync_run.district_id "
                + "AND w.owner IS NOT NULL AND w.lease_until > now())", null);
    }

    /** The district's runs left 'running' by a holder whose lease lapsed (the caller has just taken the district over). */
    public int failInterrupted(String districtId) {
        return failRunning("district_id = ?", districtId);
    }

    private int failRunning(String condition, String districtId) {
        String sql = "UPDATE sync_run SET status = ?, finished_at = now(), status_reason = 'interrupted: the fetcher stopped during the run' "
                + "WHERE status = ? AND " + condition;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, RunStatus.FAILED.code());
            ps.setString(2, RunStatus.RUNNING.code());
            if (districtId != null) {
                ps.setString(3, districtId);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot close interrupted runs", e);
        }
    }

    /** Each district's latest full-sync run started at or after {@code since} (event polls' held runs left out). */
    public List<RunRow> latestSince(Instant since) {
        return query("SELECT DISTINCT ON (district_id) " + COLUMNS + " FROM sync_run WHERE started_at >= ? AND trigger <> 'events' "
                + "ORDER BY district_id, seq DESC", ps -> ps.setTimestamp(1, Timestamp.from(since)));
    }

    /** Each of the districts' latest finished full-sync run. */
    public List<RunRow> latestFinished(Collection<String> districtIds) {
        return query("SELECT DISTINCT ON (district_id) " + COLUMNS + " FROM sync_run WHERE district_id = ANY (?) AND status <> 'running' "
                + "AND trigger <> 'events' ORDER BY district_id, seq DESC",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", districtIds.toArray())));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<RunRow> query(String sql, Binder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<RunRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RunRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), RunStatus.fromCode(rs.getString(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getLong(10),
                            rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16),
                            rs.getString(17), rs.getString(18)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read runs", e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
