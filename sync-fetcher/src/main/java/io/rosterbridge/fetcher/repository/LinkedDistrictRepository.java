package io.rosterbridge.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;

/**
 * linked_district, the only way to it: written from district.links by the link listener ({@code link.LinkStore}),
 * read by the sync threads, which run outside any request.
 */
@ApplicationScoped
public class LinkedDistrictRepository {

    /** What saving a link did to its row. */
    public enum Saved { INSERTED, UPDATED, STALE }

    /**
     * Inserts the link, or replaces the stored one unless that is newer; {@code xmax = 0} tells an inserted row from
     * an updated one, and no row comes back when the stored link is newer.
     */
    private static final String SAVE = """
            INSERT INTO linked_district AS l (district_id, organisation_id, district_name, status, licensed_school_ids, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (district_id) DO UPDATE SET
                organisation_id = excluded.organisation_id, district_name = excluded.district_name,
                status = excluded.status, licensed_school_ids = excluded.licensed_school_ids,
                updated_at = excluded.updated_at
            WHERE l.updated_at <= excluded.updated_at
            RETURNING xmax = 0""";

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

    /** Stores the link unless the stored one is newer (a replay of an older link). */
    public Saved save(DistrictLinkEvent link) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(SAVE)) {
            ps.setString(1, link.districtId());
            ps.setString(2, link.organisationId());
            ps.setString(3, link.districtName());
            ps.setString(4, link.status());
            ps.setArray(5, c.createArrayOf("text", link.licensedSchoolIds().toArray(String[]::new)));
            ps.setTimestamp(6, Timestamp.from(link.updatedAt()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Saved.STALE;
                }
                return rs.getBoolean(1) ? Saved.INSERTED : Saved.UPDATED;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot save link of district " + link.districtId(), e);
        }
    }

    /** Unlinks the district (a tombstone on district.links). */
    public void delete(String districtId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM linked_district WHERE district_id = ?")) {
            ps.setString(1, districtId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot unlink district " + districtId, e);
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
