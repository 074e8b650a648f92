package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.rosterbridge.writer.change.ChangeCounts;
import io.rosterbridge.writer.change.RunCompleted;

/** Per-run bookkeeping in run_progress, written in the same transaction as the changes it counts. */
@ApplicationScoped
public class RunLedger {

    /** The district a run belongs to and what was applied for it in one batch. */
    public record RunDelta(String districtId, ChangeCounts counts) {
    }

    private static final String ADD_COUNTS = """
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
                fetcher_created = excluded.fetcher_created, fetcher_updated = excluded.fetcher_updated,
                fetcher_removed = excluded.fetcher_removed, fetcher_restored = excluded.fetcher_restored,
                active_users = excluded.active_users, applied_event_id = excluded.applied_event_id,
                applied_sent_at = NULL""";

    public void addCounts(Connection connection, Map<UUID, RunDelta> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        int n = deltas.size();
        UUID[] runs = new UUID[n];
        String[] districts = new String[n];
        Integer[] created = new Integer[n], updated = new Integer[n], removed = new Integer[n], restored = new Integer[n];
        int i = 0;
        for (Map.Entry<UUID, RunDelta> entry : deltas.entrySet()) {
            runs[i] = entry.getKey();
            districts[i] = entry.getValue().districtId();
            ChangeCounts counts = entry.getValue().counts();
            created[i] = counts.created();
            updated[i] = counts.updated();
            removed[i] = counts.removed();
            restored[i] = counts.restored();
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(ADD_COUNTS)) {
            statement.setArray(1, connection.createArrayOf("uuid", runs));
            statement.setArray(2, connection.createArrayOf("text", districts));
            statement.setArray(3, connection.createArrayOf("int4", created));
            statement.setArray(4, connection.createArrayOf("int4", updated));
            statement.setArray(5, connection.createArrayOf("int4", removed));
            statement.setArray(6, connection.createArrayOf("int4", restored));
            statement.executeUpdate();
        }
    }

    /** Records the run's completion and the active users now, which makes a roster.applied signal owed. */
    public void complete(Connection connection, RunCompleted marker, Instant appliedAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COMPLETE)) {
            statement.setObject(1, marker.runId());
            statement.setString(2, marker.districtId());
            statement.setTimestamp(3, Timestamp.from(appliedAt));
            statement.setBoolean(4, marker.fullSnapshot());
            statement.setInt(5, marker.counts().created());
            statement.setInt(6, marker.counts().updated());
            statement.setInt(7, marker.counts().removed());
            statement.setInt(8, marker.counts().restored());
            statement.setString(9, marker.districtId());
            statement.setObject(10, UUID.randomUUID());
            statement.executeUpdate();
        }
    }
}
