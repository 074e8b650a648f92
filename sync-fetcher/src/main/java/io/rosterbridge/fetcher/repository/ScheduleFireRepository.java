package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lets exactly one replica act on a scheduled fire: each replica tries to insert the (schedule, fire time)
 * row and only the one whose insert lands proceeds. Unlike a session advisory lock this also stops a
 * slower replica from firing after the first one has finished and released its lock.
 */
@ApplicationScoped
public class ScheduleFireRepository {

    private final DataSource db;

    public ScheduleFireRepository(DataSource db) {
        this.db = db;
    }

    public boolean claim(String schedule, Instant fireTime) {
        String sql = "INSERT INTO schedule_fire (schedule, fire_time) VALUES (?, ?) ON CONFLICT DO NOTHING";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schedule);
            ps.setTimestamp(2, Timestamp.from(fireTime));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim " + schedule + " at " + fireTime, e);
        }
    }

    /** A fire some replica took: its scheduled time and when it was taken. */
    public record Fire(Instant fireTime, Instant claimedAt) {
    }

    /** The fire of the schedule taken last. */
    public Optional<Fire> latest(String schedule) {
        String sql = "SELECT fire_time, claimed_at FROM schedule_fire WHERE schedule = ? ORDER BY claimed_at DESC LIMIT 1";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schedule);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Fire(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the fires of " + schedule, e);
        }
    }
}
