package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postgresql.PGStatement;

/** Finds people across districts for support, and reads one with its last sync run and its schools. */
@ApplicationScoped
public class PersonReader {

    private static final String COLUMNS = """
            SELECT u.id, u.district_id, u.first_name, u.middle_name, u.last_name, u.email, u.roles::text AS roles,
                   u.school_ids, u.active, u.updated_at, u.archived_at, u.last_change_at, u.last_run_id,
                   r.completed_at AS run_completed_at
            FROM roster_user u LEFT JOIN run_progress r ON r.run_id = u.last_run_id""";

    // Each condition is written exactly as its index in V5 is defined, or the planner cannot use the index.
    private static final String FIRST_PREFIX = "lower(u.first_name) LIKE ?";
    private static final String LAST_PREFIX = "lower(u.last_name) LIKE ?";
    private static final String SIS_ID = "jsonb_path_query_array(u.roles, '$[*].sisId') @> jsonb_build_array(?::text)";

    private static final String SCHOOLS = "SELECT id, district_id, name, sis_id, school_number, active FROM school WHERE id = ANY (?) ORDER BY name, id";

    private static final String DISTRICT = "SELECT id, name, active FROM district WHERE id = ?";

    /** A district as the roster holds it. */
    public record District(String id, String name, boolean active) {
    }

    @Inject
    DataSource dataSource;

    /** Matches in name order (last, first, id), {@code search.limit()} from {@code search.offset()}. */
    public List<PersonRow> search(PersonSearch search) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String match = switch (search.kind()) {
            case CLEVER_ID -> {
                parameters.add(search.term());
                yield "u.id = ?";
            }
            case EMAIL -> {
                parameters.add(prefix(search.term()));
                yield "lower(u.email) LIKE ?";
            }
            case NAME_OR_SIS_ID -> {
                String prefix = prefix(search.term());
                parameters.addAll(List.of(prefix, prefix, search.term()));
                yield FIRST_PREFIX + " OR " + LAST_PREFIX + " OR " + SIS_ID;
            }
            case FULL_NAME -> {
                String first = prefix(search.term());
                String second = prefix(search.secondTerm());
                parameters.addAll(List.of(first, second, second, first));
                yield "(" + FIRST_PREFIX + " AND " + LAST_PREFIX + ") OR (" + FIRST_PREFIX + " AND " + LAST_PREFIX + ")";
            }
        };
        StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE (").append(match).append(')');
        if (search.district() != null) {
            sql.append(" AND u.district_id = ?");
            parameters.add(search.district());
        }
        sql.append(" ORDER BY lower(u.last_name), lower(u.first_name), u.id LIMIT ? OFFSET ?");
        parameters.add(search.limit());
        parameters.add(search.offset());
        return query(sql.toString(), parameters);
    }

    public Optional<PersonRow> find(String userId) throws SQLException {
        return query(COLUMNS + " WHERE u.id = ?", List.of(userId)).stream().findFirst();
    }

    /** The schools among {@code ids} the roster holds, active or archived, by name. */
    public List<School> schools(List<String> ids) throws SQLException {
        List<School> schools = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SCHOOLS)) {
            statement.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    schools.add(new School(rs.getString("id"), rs.getString("district_id"), rs.getString("name"),
                            rs.getString("sis_id"), rs.getString("school_number"), rs.getBoolean("active")));
                }
            }
        }
        return schools;
    }

    public Optional<District> district(String districtId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DISTRICT)) {
            statement.setString(1, districtId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new District(rs.getString("id"), rs.getString("name"), rs.getBoolean("active")))
                        : Optional.empty();
            }
        }
    }

    /** Lower case, LIKE's wildcards escaped (the default escape character is the backslash), then "%". */
    private static String prefix(String term) {
        return term.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private List<PersonRow> query(String sql, List<Object> parameters) throws SQLException {
        List<PersonRow> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            // Planned with the values every time, never as a server-side prepared statement: a prefix LIKE uses its
            // index only when the planner sees the prefix, and a generic plan (after 5 runs) scans the whole table.
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    RosterUser user = new RosterUser(rs.getString("id"), rs.getString("district_id"),
                            rs.getString("first_name"), rs.getString("middle_name"), rs.getString("last_name"),
                            rs.getString("email"), rs.getString("roles"),
                            List.of((String[]) rs.getArray("school_ids").getArray()), rs.getBoolean("active"),
                            rs.getTimestamp("updated_at").toInstant());
                    rows.add(new PersonRow(user, instant(rs.getTimestamp("archived_at")),
                            instant(rs.getTimestamp("last_change_at")), rs.getObject("last_run_id", UUID.class),
                            instant(rs.getTimestamp("run_completed_at"))));
                }
            }
        }
        return rows;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
