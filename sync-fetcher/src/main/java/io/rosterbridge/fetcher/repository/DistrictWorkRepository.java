package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The run queue all fetcher replicas share (table district_work): one row per district with the full sync queued
 * for it, the replica holding it and its lease, and its back-off. Workers claim with {@code FOR UPDATE SKIP LOCKED},
 * so two replicas never take the same row; every write of a holder checks that it still owns the lease.
 */
@ApplicationScoped
public class DistrictWorkRepository {

    /** What became of a queued request. */
    public enum Queued { STARTED, FOLLOW_UP_QUEUED, ALREADY_QUEUED }

    /** A request read back from the queue. */
    public record Request(String trigger, String requestedBy, String reason) {
    }

    /**
     * A full sync a worker claimed; {@code takeover} when a lapsed holder was running it, and then {@code startedRun} the
     * run that holder had started for it (null when it died before starting one).
     */
    public record Claim(String districtId, Request request, boolean takeover, UUID startedRun) {
    }

    /** A district's row as the night view reads it. */
    public record WorkRow(String districtId, boolean queued, Instant queuedAt, boolean running, Instant startedAt, Instant finishedAt,
            Long expectedUsers, Instant skippedAt) {
    }

    private static final String FOLLOW_UP = "follow-up";

    private final DataSource db;

    public DistrictWorkRepository(DataSource db) {
        this.db = db;
    }

    /**
     * Queues a full sync, as one run per district would: the first request is queued to start; one arriving while the
     * district is busy (held, or a sync already queued) becomes a single follow-up; any more fold into that one.
     */
    public Queued enqueue(String districtId, String trigger, String requestedBy, String reason) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Queued result = enqueue(c, districtId, trigger, requestedBy, reason);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot queue a sync of district " + districtId, e);
        }
    }

    private static Queued enqueue(Connection c, String districtId, String trigger, String requestedBy, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO district_work (district_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, districtId);
            ps.executeUpdate();
        }
        boolean queued;
        boolean followUp;
        boolean busy;
        try (PreparedStatement ps = c.prepareStatement("SELECT trigger IS NOT NULL, follow_up, running_trigger IS NOT NULL "
                + "OR (owner IS NOT NULL AND lease_until > now()) OR actions_waiting_until > now() "
                + "FROM district_work WHERE district_id = ? FOR UPDATE")) {
            ps.setString(1, districtId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                queued = rs.getBoolean(1);
                followUp = rs.getBoolean(2);
                busy = rs.getBoolean(3);
            }
        }
        if (queued && (followUp || busy)) {
            return Queued.ALREADY_QUEUED; // while the district is busy, the queued sync is already its follow-up
        }
        if (queued) {
            update(c, "UPDATE district_work SET follow_up = TRUE, follow_up_by = ?, follow_up_reason = ? WHERE district_id = ?",
                    requestedBy, reason, districtId);
            return Queued.FOLLOW_UP_QUEUED;
        }
        update(c, "UPDATE district_work SET trigger = ?, requested_by = ?, reason = ?, queued_at = now(), "
                + "expected_users = COALESCE((SELECT r.fetched_users FROM sync_run r WHERE r.district_id = district_work.district_id "
                + "AND r.status NOT IN ('running', 'failed') AND r.trigger <> 'events' ORDER BY r.seq DESC LIMIT 1), expected_users) "
                + "WHERE district_id = ?", busy ? FOLLOW_UP : trigger, requestedBy, reason, districtId);
        return busy ? Queued.FOLLOW_UP_QUEUED : Queued.STARTED;
    }

    /**
     * Takes the next full sync for {@code owner}: first a lapsed holder's run (run again from the start), then the
     * queued district with the fewest expected users, oldest first, that is out of back-off and has no decision waiting.
     */
    public Optional<Claim> claim(String owner, Duration lease) {
        String sql = "WITH next AS (SELECT district_id, running_trigger IS NOT NULL AS takeover FROM district_work "
                + "WHERE (owner IS NULL OR lease_until < now()) AND (running_trigger IS NOT NULL OR (trigger IS NOT NULL "
                + "AND (not_before IS NULL OR not_before <= now()) AND (actions_waiting_until IS NULL OR actions_waiting_until < now()))) "
                + "ORDER BY running_trigger IS NULL, expected_users NULLS LAST, queued_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "UPDATE district_work w SET owner = ?, lease_until = now() + ? * interval '1 millisecond', started_at = now(), "
                + "finished_at = NULL, running_run_id = CASE WHEN next.takeover THEN w.running_run_id END, "
                // a fresh claim moves the queued request to running and the follow-up (if any) up to queued
                + "running_trigger = CASE WHEN next.takeover THEN w.running_trigger ELSE w.trigger END, "
                + "running_requested_by = CASE WHEN next.takeover THEN w.running_requested_by ELSE w.requested_by END, "
                + "running_reason = CASE WHEN next.takeover THEN w.running_reason ELSE w.reason END, "
                + "trigger = CASE WHEN next.takeover THEN w.trigger WHEN w.follow_up THEN '" + FOLLOW_UP + "' END, "
                + "requested_by = CASE WHEN next.takeover THEN w.requested_by WHEN w.follow_up THEN w.follow_up_by END, "
                + "reason = CASE WHEN next.takeover THEN w.reason WHEN w.follow_up THEN w.follow_up_reason END, "
                + "queued_at = CASE WHEN next.takeover THEN w.queued_at WHEN w.follow_up THEN now() END, "
                + "follow_up = next.takeover AND w.follow_up, "
                + "follow_up_by = CASE WHEN next.takeover THEN w.follow_up_by END, "
                + "follow_up_reason = CASE WHEN next.takeover THEN w.follow_up_reason END "
                + "FROM next WHERE w.district_id = next.district_id "
                + "RETURNING w.district_id, w.running_trigger, w.running_requested_by, w.running_reason, next.takeover, w.running_run_id";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setLong(2, lease.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Claim(rs.getString(1), new Request(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getBoolean(5),
                        rs.getObject(6, UUID.class)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim queued work", e);
        }
    }

    /**
     * Holds the district for work other than a full sync, if nobody holds it and no run of a lapsed holder waits to be
     * taken over. {@code whenIdle} (an event poll) also requires that no sync is queued or decision waiting; a decision on
     * a held run goes before the queued sync.
     */
    public boolean acquire(String districtId, String owner, Duration lease, boolean whenIdle) {
        String sql = "INSERT INTO district_work (district_id, owner, lease_until) VALUES (?, ?, now() + ? * interval '1 millisecond') "
                + "ON CONFLICT (district_id) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until "
                + "WHERE (district_work.owner IS NULL OR district_work.lease_until < now()) AND district_work.running_trigger IS NULL"
                + (whenIdle ? " AND district_work.trigger IS NULL AND (district_work.actions_waiting_until IS NULL "
                        + "OR district_work.actions_waiting_until < now())" : "");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setString(2, owner);
            ps.setLong(3, lease.toMillis());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot hold district " + districtId, e);
        }
    }

    /** Extends the leases {@code owner} still holds (late or not: nobody took them over); returns those districts. */
    public Set<String> renew(String owner, Collection<String> districtIds, Duration lease) {
        String sql = "UPDATE district_work SET lease_until = now() + ? * interval '1 millisecond' "
                + "WHERE owner = ? AND district_id = ANY (?) RETURNING district_id";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lease.toMillis());
            ps.setString(2, owner);
            ps.setArray(3, c.createArrayOf("text", districtIds.toArray()));
            Set<String> held = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getString(1));
                }
            }
            return held;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot renew leases", e);
        }
    }

    /** The holder's running full sync started run {@code runId} (stored before the run does anything else). */
    public void runStarted(String districtId, String owner, UUID runId) {
        String sql = "UPDATE district_work SET running_run_id = ? WHERE district_id = ? AND owner = ? AND running_trigger IS NOT NULL";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, runId);
            ps.setString(2, districtId);
            ps.setString(3, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the run of district " + districtId, e);
        }
    }

    /** The holder's full sync completed (or was held): the district's back-off is cleared. The holder keeps the lease. */
    public void finishRun(String districtId, String owner) {
        update("UPDATE district_work SET running_trigger = NULL, running_requested_by = NULL, running_reason = NULL, running_run_id = NULL, "
                + "finished_at = now(), "
                + "not_before = NULL, failures = 0 WHERE district_id = ? AND owner = ?", districtId, owner);
    }

    /**
     * The holder's full sync failed: the district's next start is pushed out by the initial back-off doubled per failure
     * in a row, capped; no worker waits for it meanwhile. The holder keeps the lease.
     */
    public void finishFailedRun(String districtId, String owner, Duration initialBackoff, Duration maxBackoff) {
        String sql = "UPDATE district_work SET running_trigger = NULL, running_requested_by = NULL, running_reason = NULL, running_run_id = NULL, "
                + "finished_at = now(), not_before = now() + LEAST(? * power(2, LEAST(failures, 30)), ?) * interval '1 millisecond', failures = failures + 1 "
                + "WHERE district_id = ? AND owner = ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, initialBackoff.toMillis());
            ps.setLong(2, maxBackoff.toMillis());
            ps.setString(3, districtId);
            ps.setString(4, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the failed run of district " + districtId, e);
        }
    }

    /** Lets the district go (nothing happens when another replica took it over meanwhile). */
    public void release(String districtId, String owner) {
        update("UPDATE district_work SET owner = NULL, lease_until = NULL WHERE district_id = ? AND owner = ?", districtId, owner);
    }

    /** At shutdown: the leases lapse now, so another replica takes the districts over without waiting. */
    public void releaseAll(String owner) {
        update("UPDATE district_work SET lease_until = now() WHERE owner = ?", owner);
    }

    /** Decisions on held runs wait on this replica for the districts: hold back their queued syncs until then. */
    public void markActionsWaiting(Collection<String> districtIds, Duration lease) {
        String sql = "INSERT INTO district_work (district_id, actions_waiting_until) "
                + "SELECT d, now() + ? * interval '1 millisecond' FROM unnest(?::text[]) d "
                + "ON CONFLICT (district_id) DO UPDATE SET actions_waiting_until = EXCLUDED.actions_waiting_until";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lease.toMillis());
            ps.setArray(2, c.createArrayOf("text", districtIds.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot mark waiting decisions", e);
        }
    }

    public void clearActionsWaiting(String districtId) {
        update("UPDATE district_work SET actions_waiting_until = NULL WHERE district_id = ?", districtId);
    }

    /** The nightly fire at {@code fireTime} skipped the district (its back-to-school window). */
    public void markSkipped(String districtId, Instant fireTime) {
        String sql = "INSERT INTO district_work (district_id, skipped_at) VALUES (?, ?) "
                + "ON CONFLICT (district_id) DO UPDATE SET skipped_at = EXCLUDED.skipped_at";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.setTimestamp(2, Timestamp.from(fireTime));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot mark district " + districtId + " skipped", e);
        }
    }

    /** Whether anything is queued for the district, running, or holding it. */
    public boolean busy(String districtId) {
        String sql = "SELECT 1 FROM district_work WHERE district_id = ? AND (trigger IS NOT NULL OR running_trigger IS NOT NULL "
                + "OR (owner IS NOT NULL AND lease_until > now()) OR actions_waiting_until > now())";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the queue of district " + districtId, e);
        }
    }

    /** The districts queued or started at or after {@code since}, or skipped by the fire at {@code fireTime}. */
    public List<WorkRow> touchedSince(Instant since, Instant fireTime) {
        String sql = "SELECT district_id, trigger IS NOT NULL, queued_at, running_trigger IS NOT NULL, started_at, finished_at, "
                + "expected_users, skipped_at FROM district_work WHERE queued_at >= ? OR started_at >= ? OR skipped_at = ? ORDER BY district_id";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp at = Timestamp.from(since);
            ps.setTimestamp(1, at);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, Timestamp.from(fireTime));
            List<WorkRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long users = rs.getLong(7);
                    Long expected = rs.wasNull() ? null : users;
                    rows.add(new WorkRow(rs.getString(1), rs.getBoolean(2), instant(rs.getTimestamp(3)), rs.getBoolean(4),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), expected, instant(rs.getTimestamp(8))));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the queue", e);
        }
    }

    private void update(String sql, String... params) {
        try (Connection c = db.getConnection()) {
            update(c, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the queue", e);
        }
    }

    private static void update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
