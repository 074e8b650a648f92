package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;
import io.rosterbridge.writer.change.EffectiveChange;

/**
 * Per-run bookkeeping in run_progress, written in the same transaction as the changes it counts. created, updated,
 * removed and restored count effective changes ({@link EffectiveChange}); the fetcher_* columns what the run's markers
 * announced. It is also the outbox of the roster.applied signals: a completed run owes one until it is marked sent.
 * The only way to run_progress.
 */
@ApplicationScoped
public class RunLedger {

    @Inject
    DataSource dataSource;

    private static final String COUNT = """
            INSERT INTO run_progress AS r (run_id, district_id, created, updated, removed, restored)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::int[], ?::int[], ?::int[], ?::int[])
            ON CONFLICT (run_id) DO UPDATE SET
                created = r.created + excluded.created, updated = r.updated + excluded.updated,
                removed = r.removed + excluded.removed, restored = r.restored + excluded.restored""";

    private static final String COMPLETE = """
            INSERT INTO run_progress AS r (run_id, district_id, completed_at, full_snapshot, fetcher_created,
                                           fetcher_updated, fetcher_removed, fetcher_restored, active_users, applied_event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT count(*) FROM roster_user WHERE district_id = ? AND active), ?)
            ON CONFLICT (run_id) DO UPDATE SET
                completed_at = excluded.completed_at, full_snapshot = excluded.full_snapshot,
                fetcher_created = coalesce(r.fetcher_created, 0) + excluded.fetcher_created,
                fetcher_updated = coalesce(r.fetcher_updated, 0) + excluded.fetcher_updated,
                fetcher_removed = coalesce(r.fetcher_removed, 0) + excluded.fetcher_removed,
                fetcher_restored = coalesce(r.fetcher_restored, 0) + excluded.fetcher_restored,
                active_users = excluded.active_users, applied_event_id = excluded.applied_event_id,
                applied_sent_at = NULL""";

    private static final String LOCK_UNSENT = """
            SELECT run_id, district_id, created, updated, removed, restored, signalled_created, signalled_updated,
                   signalled_removed, signalled_restored, completed_at, full_snapshot, active_users, applied_event_id
            FROM run_progress
            WHERE completed_at IS NOT NULL AND applied_sent_at IS NULL
            ORDER BY completed_at
            LIMIT ?
            FOR UPDATE SKIP LOCKED""";

    private static final String MARK_SIGNALLED = """
            UPDATE run_progress
            SET applied_sent_at = ?, signalled_created = ?, signalled_updated = ?, signalled_removed = ?, signalled_restored = ?
            WHERE run_id = ?""";

    /** Adds what the changes did to the roster to their runs' counts. */
    public void count(List<EffectiveChange> effects) throws SQLException {
        if (effects.isEmpty()) {
            return;
        }
        // The connection is the caller's transaction's: closing it hands it back at commit.
        try (Connection connection = dataSource.getConnection()) {
            count(connection, effects);
        }
    }

    private static void count(Connection connection, List<EffectiveChange> effects) throws SQLException {
        // In run id order: two lanes counting the same runs lock their rows in the same order, so neither deadlocks.
        Map<UUID, String> districts = new TreeMap<>();
        Map<UUID, int[]> counts = new HashMap<>();
        for (EffectiveChange effect : effects) {
            districts.putIfAbsent(effect.runId(), effect.districtId());
            counts.computeIfAbsent(effect.runId(), run -> new int[ChangeType.values().length])[effect.type().ordinal()]++;
        }
        int n = districts.size();
        UUID[] runIds = districts.keySet().toArray(UUID[]::new);
        Integer[][] byType = new Integer[ChangeType.values().length][n];
        for (int i = 0; i < n; i++) {
            int[] run = counts.get(runIds[i]);
            for (ChangeType type : ChangeType.values()) {
                byType[type.ordinal()][i] = run[type.ordinal()];
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(COUNT)) {
            statement.setArray(1, connection.createArrayOf("uuid", runIds));
            statement.setArray(2, connection.createArrayOf("text", districts.values().toArray(String[]::new)));
            statement.setArray(3, connection.createArrayOf("int4", byType[ChangeType.CREATED.ordinal()]));
            statement.setArray(4, connection.createArrayOf("int4", byType[ChangeType.UPDATED.ordinal()]));
            statement.setArray(5, connection.createArrayOf("int4", byType[ChangeType.REMOVED.ordinal()]));
            statement.setArray(6, connection.createArrayOf("int4", byType[ChangeType.RESTORED.ordinal()]));
            statement.executeUpdate();
        }
    }

    /**
     * Records the run's completion and the active users now, which makes a roster.applied signal owed. A held run
     * completes twice (its approval brings a second marker with just the removals), so the fetcher_* columns add up
     * every marker of the run, as created/updated/removed/restored add up every effective change. The two sets agree
     * when every change of the run found the roster as the fetcher believed it; a change the roster already had (re-sent
     * after a fetcher crash) or a change dead-lettered makes the applied count smaller.
     * Each marker arrives here once (claimed in processed_event), so the sum counts none twice.
     */
    public void complete(RunCompleted marker, Instant appliedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COMPLETE)) {
            statement.setObject(1, marker.runId());
            statement.setString(2, marker.districtId());
            statement.setTimestamp(3, Timestamp.from(appliedAt));
            statement.setBoolean(4, marker.fullSnapshot());
            statement.setLong(5, marker.counts().created());
            statement.setLong(6, marker.counts().updated());
            statement.setLong(7, marker.counts().removed());
            statement.setLong(8, marker.counts().restored());
            statement.setString(9, marker.districtId());
            statement.setObject(10, UUID.randomUUID());
            statement.executeUpdate();
        }
    }

    /**
     * Completed runs whose signal is still owed, oldest first, locked for the caller's transaction; a row another
     * instance is publishing is skipped, so it is sent once.
     */
    public List<RunProgress> lockUnsent(int max) throws SQLException {
        List<RunProgress> owed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LOCK_UNSENT)) {
            statement.setInt(1, max);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Timestamp completedAt = rs.getTimestamp("completed_at");
                    owed.add(new RunProgress(rs.getObject("run_id", UUID.class), rs.getString("district_id"),
                            new ChangeCounts(rs.getLong("created"), rs.getLong("updated"), rs.getLong("removed"), rs.getLong("restored")),
                            new ChangeCounts(rs.getLong("signalled_created"), rs.getLong("signalled_updated"),
                                    rs.getLong("signalled_removed"), rs.getLong("signalled_restored")),
                            completedAt == null ? null : completedAt.toInstant(),
                            rs.getObject("full_snapshot", Boolean.class), rs.getObject("active_users", Integer.class),
                            rs.getObject("applied_event_id", UUID.class)));
                }
            }
        }
        return owed;
    }

    /** The run's owed signal went out: a later completion of the run reports only what comes after this one. */
    public void markSignalled(RunProgress run, Instant sentAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(MARK_SIGNALLED)) {
            statement.setTimestamp(1, Timestamp.from(sentAt));
            statement.setLong(2, run.applied().created());
            statement.setLong(3, run.applied().updated());
            statement.setLong(4, run.applied().removed());
            statement.setLong(5, run.applied().restored());
            statement.setObject(6, run.runId());
            statement.executeUpdate();
        }
    }
}
