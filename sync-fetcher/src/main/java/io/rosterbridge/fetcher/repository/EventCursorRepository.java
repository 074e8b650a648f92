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

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where each district's Clever event feed was last read (table event_cursor) and the user removals events made
 * recently (table event_removal, the safety hold's sliding window). The only way to both tables.
 */
@ApplicationScoped
public class EventCursorRepository {

    /** What the poller does with a district. */
    public enum State {
        LIVE, OFF, PAUSED, RESYNC;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A district's cursor: lastEventId null while live means "from the head of the feed". */
    public record Cursor(String districtId, State state, String lastEventId, String reason, Instant lastEventAt,
            Instant lastAppliedAt, Instant lastPolledAt) {
    }

    private static final String COLUMNS = "district_id, state, last_event_id, reason, last_event_at, last_applied_at, last_polled_at";

    private final DataSource db;

    public EventCursorRepository(DataSource db) {
        this.db = db;
    }

    public Optional<Cursor> find(String districtId) {
        List<Cursor> found = query("SELECT " + COLUMNS + " FROM event_cursor WHERE district_id = ?", districtId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<Cursor> all() {
        return query("SELECT " + COLUMNS + " FROM event_cursor ORDER BY district_id", null);
    }

    /** Districts to poll now. */
    public List<String> liveDistrictIds() {
        return all().stream().filter(c -> c.state() == State.LIVE).map(Cursor::districtId).toList();
    }

    /** After a completed full sync: live from {@code eventId} (null: the head of the feed). */
    public void goLive(String districtId, String eventId, Instant now) {
        upsert(districtId, State.LIVE, eventId, null, now, true);
    }

    /** Leaves live updates (the cursor is kept for the console, not used again: the next full sync sets a new one). */
    public void setState(String districtId, State state, String reason, Instant now) {
        upsert(districtId, state, null, reason, now, false);
    }

    /** Advances the cursor once the changes of the events up to {@code eventId} are acknowledged and stored. */
    public void advance(String districtId, String eventId, Instant eventCreated, Instant now) {
        execute("UPDATE event_cursor SET last_event_id = ?, last_event_at = ?, last_applied_at = ?, last_polled_at = ?, "
                + "updated_at = ? WHERE district_id = ? AND state = 'live'", ps -> {
                    ps.setString(1, eventId);
                    ps.setTimestamp(2, eventCreated == null ? null : Timestamp.from(eventCreated));
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setString(6, districtId);
                });
    }

    /** A poll that found nothing new. */
    public void polled(String districtId, Instant now) {
        execute("UPDATE event_cursor SET last_polled_at = ? WHERE district_id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, districtId);
        });
    }

    /** User removals events made since {@code since}; older ones leave the window for good. */
    public long removalsSince(String districtId, Instant since) {
        execute("DELETE FROM event_removal WHERE district_id = ? AND removed_at < ?", ps -> {
            ps.setString(1, districtId);
            ps.setTimestamp(2, Timestamp.from(since));
        });
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM event_removal WHERE district_id = ?")) {
            ps.setString(1, districtId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count event removals of district " + districtId, e);
        }
    }

    public void recordRemovals(String districtId, Collection<String> userIds, Instant at) {
        if (userIds.isEmpty()) {
            return;
        }
        execute("INSERT INTO event_removal (district_id, entity_id, removed_at) SELECT ?, unnest(?::text[]), ?", (c, ps) -> {
            ps.setString(1, districtId);
            ps.setArray(2, c.createArrayOf("text", userIds.toArray()));
            ps.setTimestamp(3, Timestamp.from(at));
        });
    }

    private void upsert(String districtId, State state, String eventId, String reason, Instant now, boolean setCursor) {
        String sql = """
                INSERT INTO event_cursor AS e (district_id, state, last_event_id, reason, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (district_id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
                    updated_at = excluded.updated_at,
                    last_event_id = CASE WHEN ? THEN excluded.last_event_id ELSE e.last_event_id END
                """;
        execute(sql, ps -> {
            ps.setString(1, districtId);
            ps.setString(2, state.code());
            ps.setString(3, eventId);
            ps.setString(4, reason);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setBoolean(6, setCursor);
        });
    }

    private List<Cursor> query(String sql, String districtId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (districtId != null) {
                ps.setString(1, districtId);
            }
            List<Cursor> cursors = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cursors.add(new Cursor(rs.getString(1), State.of(rs.getString(2)), rs.getString(3), rs.getString(4),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))));
                }
            }
            return cursors;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read event cursors", e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionBinder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    private void execute(String sql, Binder binder) {
        execute(sql, (c, ps) -> binder.bind(ps));
    }

    private void execute(String sql, ConnectionBinder binder) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update event cursor", e);
        }
    }
}
