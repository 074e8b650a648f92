package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The read side of roster_user: one user, a district's users a page at a time, and their counts. */
@ApplicationScoped
public class UserReader {

    private static final String COLUMNS = """
            SELECT id, district_id, first_name, middle_name, last_name, email, roles::text AS roles, school_ids, active,
                   updated_at
            FROM roster_user""";

    private static final String ACTIVE_IN_DISTRICT = "SELECT count(*) FROM roster_user WHERE district_id = ? AND active";

    private static final String COUNTS_BY_SCHOOL_AND_ROLE = """
            SELECT school.id AS school_id, role_entry ->> 'role' AS role,
                   count(*) FILTER (WHERE u.active) AS active, count(*) FILTER (WHERE NOT u.active) AS archived
            FROM roster_user u
            CROSS JOIN LATERAL jsonb_array_elements(u.roles) AS role_entry
            LEFT JOIN LATERAL jsonb_array_elements_text(role_entry -> 'schoolIds') AS school(id) ON true
            WHERE u.district_id = ?
            GROUP BY 1, 2
            ORDER BY 1 NULLS LAST, 2""";

    /** One row of the counts: users of a role in a school (school null for roles without schools). */
    public record SchoolRoleCount(String schoolId, String role, long active, long archived) {
    }

    @Inject
    DataSource dataSource;

    public Optional<RosterUser> find(String userId) throws SQLException {
        List<RosterUser> found = query(COLUMNS + " WHERE id = ?", List.of(userId));
        return found.stream().findFirst();
    }

    /**
     * Users of the district in id order, after {@code after} (null: from the first), at most {@code max}; a null
     * filter ({@code school}, {@code role}, {@code active}) means "any".
     */
    public List<RosterUser> page(String districtId, String school, String role, Boolean active, String after, int max)
            throws SQLException {
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE district_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(districtId));
        if (after != null) {
            sql.append(" AND id > ?");
            parameters.add(after);
        }
        if (school != null) {
            sql.append(" AND ? = ANY (school_ids)");
            parameters.add(school);
        }
        if (role != null) {
            sql.append(" AND ? = ANY (role_names)");
            parameters.add(role);
        }
        if (active != null) {
            sql.append(" AND active = ?");
            parameters.add(active);
        }
        sql.append(" ORDER BY id LIMIT ?");
        parameters.add(max);
        return query(sql.toString(), parameters);
    }

    public long activeIn(String districtId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ACTIVE_IN_DISTRICT)) {
            statement.setString(1, districtId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Active and archived users per school and role; a user counts once per school of each role. */
    public List<SchoolRoleCount> countsBySchoolAndRole(String districtId) throws SQLException {
        List<SchoolRoleCount> counts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(COUNTS_BY_SCHOOL_AND_ROLE)) {
            statement.setString(1, districtId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    counts.add(new SchoolRoleCount(rs.getString("school_id"), rs.getString("role"), rs.getLong("active"),
                            rs.getLong("archived")));
                }
            }
        }
        return counts;
    }

    private List<RosterUser> query(String sql, List<Object> parameters) throws SQLException {
        List<RosterUser> users = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    users.add(new RosterUser(rs.getString("id"), rs.getString("district_id"), rs.getString("first_name"),
                            rs.getString("middle_name"), rs.getString("last_name"), rs.getString("email"),
                            rs.getString("roles"), List.of((String[]) rs.getArray("school_ids").getArray()),
                            rs.getBoolean("active"), rs.getTimestamp("updated_at").toInstant()));
                }
            }
        }
        return users;
    }
}
