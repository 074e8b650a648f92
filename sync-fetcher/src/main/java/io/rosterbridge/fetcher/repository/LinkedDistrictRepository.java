package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Read side of linked_district (kept by the link listener) for sync threads, which run outside any request. */
@ApplicationScoped
public class LinkedDistrictRepository {

    /** A district's link as the fetcher needs it. */
    public record Link(String districtId, String status, Set<String> licensedSchoolIds) {
        public boolean active() {
            return "active".equals(status);
        }
    }

    private final DataSource db;

    public LinkedDistrictRepository(DataSource db) {
        this.db = db;
    }

    public Optional<Link> find(String districtId) {
        String sql = "SELECT district_id, status, licensed_school_ids FROM linked_district WHERE district_id = ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String[] schools = (String[]) rs.getArray(3).getArray();
                return Optional.of(new Link(rs.getString(1).trim(), rs.getString(2), Set.of(schools)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read link of district " + districtId, e);
        }
    }

    public List<String> activeDistrictIds() {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT district_id FROM linked_district WHERE status = 'active' ORDER BY district_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1).trim());
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list active districts", e);
        }
    }
}
