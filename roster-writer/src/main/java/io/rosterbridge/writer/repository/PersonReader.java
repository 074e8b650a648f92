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
                   r.completed_at AS run_completed_at""";
    private static final String FROM = " FROM roster_user u LEFT JOIN run_progress r ON r.run_id = u.last_run_id";

    // Each condition and order is written exactly as its index is defined (V7; C collation: byte order, which also
    // serves LIKE 'prefix%'), or the planner cannot use the index to read matches already in order.
    private static final String FIRST = "lower(u.first_name) COLLATE \"C\"";
    private static final String LAST = "lower(u.last_name) COLLATE \"C\"";
    private static final String FIRST_PREFIX = FIRST + " LIKE ?";
    private static final String LAST_PREFIX = LAST + " LIKE ?";
    private static final String SIS_ID = "jsonb_path_query_array(u.roles, '$[*].sisId') @> jsonb_build_array(?::text)";
    private static final Order BY_LAST_NAME = new Order(LAST, FIRST);
    private static final Order BY_FIRST_NAME = new Order(FIRST, LAST);

    /** The order of one part of a search: two name keys, then the id. */
    private record Order(String firstKey, String secondKey) {
    }

    private static final String SCHOOLS = "SELECT id, district_id, name, sis_id, school_number, active FROM school WHERE id = ANY (?) ORDER BY name, id";

    private static final String DISTRICT = "SELECT id, name, active FROM district WHERE id = ?";

    /** A district as the roster holds it. */
    public record District(String id, String name, boolean active) {
    }

    @Inject
    DataSource dataSource;

    /**
     * One page of matches, {@code search.limit()} from {@code search.offset()}. One word: the SIS id match first, then
     * last-name matches by (last, first), then first-name-only matches by (first, last). Each part is read from its
     * index already in name order (ties sorted by id on the way) and stops after the page, so a two-letter prefix
     * matching a tenth of the roster costs one page of index entries, not a sort of every match.
     */
    public List<PersonRow> search(PersonSearch search) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        int upToPage = search.offset() + search.limit();
        List<String> parts = new ArrayList<>();
        switch (search.kind()) {
            case CLEVER_ID -> parts.add(part(0, search, parameters, "u.id = ?", List.of(search.term()), BY_LAST_NAME, upToPage));
            case EMAIL -> parts.add(part(0, search, parameters, "lower(u.email) LIKE ?", List.of(prefix(search.term())), BY_LAST_NAME, upToPage));
            case NAME_OR_SIS_ID -> {
                String prefix = prefix(search.term());
                parts.add(part(0, search, parameters, SIS_ID, List.of(search.term()), BY_LAST_NAME, upToPage));
                parts.add(part(1, search, parameters, LAST_PREFIX + " AND NOT " + SIS_ID,
                        List.of(prefix, search.term()), BY_LAST_NAME, upToPage));
                parts.add(part(2, search, parameters, FIRST_PREFIX + " AND NOT " + LAST_PREFIX + " AND NOT " + SIS_ID,
                        List.of(prefix, prefix, search.term()), BY_FIRST_NAME, upToPage));
            }
            case FULL_NAME -> {
                String first = prefix(search.term());
                String second = prefix(search.secondTerm());
                parts.add(part(0, search, parameters, "(" + FIRST_PREFIX + " AND " + LAST_PREFIX + ") OR (" + FIRST_PREFIX + " AND " + LAST_PREFIX + ")",
                        List.of(first, second, second, first), BY_LAST_NAME, upToPage));
            }
        }
        String sql = "SELECT * FROM (" + String.join(" UNION ALL ", parts)
                + ") matches ORDER BY part, first_key, second_key, id LIMIT ? OFFSET ?";
        parameters.add(search.limit());
        parameters.add(search.offset());
        return query(sql, parameters);
    }

    /** One ordered, bounded part of a search: its rows carry the part number and the keys they are ordered by. */
    private static String part(int number, PersonSearch search, List<Object> parameters, String match, List<Object> values, Order order,
            int upToPage) {
        parameters.addAll(values);
        String where = "(" + match + ")";
        if (search.district() != null) {
            where += " AND u.district_id = ?";
            parameters.add(search.district());
        }
        parameters.add(upToPage);
        return "(" + COLUMNS + ", " + number + " AS part, " + order.firstKey() + " AS first_key, " + order.secondKey() + " AS second_key"
                + FROM + " WHERE " + where
                + " ORDER BY " + order.firstKey() + ", " + order.secondKey() + ", u.id LIMIT ?)";
    }

    public Optional<PersonRow> find(String userId) throws SQLException {
        return query(COLUMNS + FROM + " WHERE u.id = ?", List.of(userId)).stream().findFirst();
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
