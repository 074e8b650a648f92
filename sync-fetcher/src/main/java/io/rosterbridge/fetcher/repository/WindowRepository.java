package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Each district's own back-to-school window (table back_to_school_window); support is its only writer. */
@ApplicationScoped
public class WindowRepository {

    /** A district's stored window; dates are null when {@code enabled} is false (opted out of the default). */
    public record StoredWindow(String districtId, boolean enabled, LocalDate startsOn, LocalDate endsOn, String mode, String setBy,
            Instant setAt) {
    }

    private static final String COLUMNS = "district_id, enabled, starts_on, ends_on, mode, set_by, set_at";

    private final DataSource db;

    public WindowRepository(DataSource db) {
        this.db = db;
    }

    public Optional<StoredWindow> find(String districtId) {
        Map<String, StoredWindow> found = query("SELECT " + COLUMNS + " FROM back_to_school_window WHERE district_id = ?", districtId);
        return Optional.ofNullable(found.get(districtId));
    }

    /** Every stored window, by district. */
    public Map<String, StoredWindow> all() {
        return query("SELECT " + COLUMNS + " FROM back_to_school_window", null);
    }

    public void save(StoredWindow window) {
        String sql = """
                INSERT INTO back_to_school_window (district_id, enabled, starts_on, ends_on, mode, set_by, set_at)
                VALUES (?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (district_id) DO UPDATE SET enabled = EXCLUDED.enabled, starts_on = EXCLUDED.starts_on,
                    ends_on = EXCLUDED.ends_on, mode = EXCLUDED.mode, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
                """;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, window.districtId());
            ps.setBoolean(2, window.enabled());
            ps.setDate(3, window.startsOn() == null ? null : Date.valueOf(window.startsOn()));
            ps.setDate(4, window.endsOn() == null ? null : Date.valueOf(window.endsOn()));
            ps.setString(5, window.mode());
            ps.setString(6, window.setBy());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot save the window of district " + window.districtId(), e);
        }
    }

    /** Back to the global default; true when the district had a window of its own. */
    public boolean delete(String districtId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM back_to_school_window WHERE district_id = ?")) {
            ps.setString(1, districtId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete the window of district " + districtId, e);
        }
    }

    private Map<String, StoredWindow> query(String sql, String districtId) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (districtId != null) {
                ps.setString(1, districtId);
            }
            Map<String, StoredWindow> windows = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Date starts = rs.getDate(3);
                    Date ends = rs.getDate(4);
                    windows.put(rs.getString(1), new StoredWindow(rs.getString(1), rs.getBoolean(2), starts == null ? null : starts.toLocalDate(),
                            ends == null ? null : ends.toLocalDate(), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()));
                }
            }
            return windows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read back-to-school windows", e);
        }
    }
}
