package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.contracts.rosterchanges.ChangeType;

/**
 * The bulk write path of users, the bulk of every run. Given the newest change of each user in a batch, one lookup
 * of their stored content hashes sorts them three ways:
 * <ul>
 * <li>a user not stored yet is {@code COPY}ed straight into roster_user;</li>
 * <li>a stored user whose content hash equals the change's is left alone: a no-op change writes nothing, takes no
 * row lock and is no change in the counts;</li>
 * <li>any other stored user is staged with {@code COPY} and upserted in one statement, which writes only when the
 * change is at least as new as the row ({@code last_change_at}) and its content differs, and returns what it
 * changed.</li>
 * </ul>
 * The hash only ever short-cuts: equal hashes mean equal content (the active flag included), and a different or
 * missing hash leaves the decision to the guarded upsert. Everything runs in the caller's transaction.
 */
@ApplicationScoped
public class UserWriter {

    @Inject
    DataSource dataSource;

    static final String COLUMNS = "id, district_id, first_name, middle_name, last_name, email, roles, role_names, "
            + "school_ids, active, last_change_at, archived_at, content_hash, last_run_id";

    private static final String STORED_HASHES = "SELECT id, content_hash FROM roster_user WHERE id = ANY (?)";

    private static final String COPY_NEW = "COPY roster_user (" + COLUMNS + ") FROM STDIN";

    private static final String CREATE_STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS stage_user (LIKE roster_user INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""";

    private static final String COPY_STAGE = "COPY stage_user (" + COLUMNS + ") FROM STDIN";

    /**
     * The guarded upsert of the staged rows, returning each row it wrote with its effect ({@link Effects}). Content is
     * compared column by column there: a row whose only difference was a missing content hash gets its hash and
     * counts as no change.
     */
    private static final String UPSERT_STAGED = """
            WITH before AS (
                SELECT u.id, u.active, u.district_id, u.first_name, u.middle_name, u.last_name, u.email, u.roles, u.school_ids
                FROM roster_user u JOIN stage_user USING (id)),
            written AS (
                INSERT INTO roster_user AS u (%1$s)
                SELECT %1$s FROM stage_user
                ON CONFLICT (id) DO UPDATE SET
                    district_id = excluded.district_id, first_name = excluded.first_name, middle_name = excluded.middle_name,
                    last_name = excluded.last_name, email = excluded.email, roles = excluded.roles,
                    role_names = excluded.role_names, school_ids = excluded.school_ids, active = excluded.active,
                    last_change_at = excluded.last_change_at,
                    archived_at = CASE WHEN excluded.active THEN NULL WHEN u.active THEN excluded.last_change_at ELSE u.archived_at END,
                    content_hash = excluded.content_hash, last_run_id = excluded.last_run_id, updated_at = now()
                WHERE u.last_change_at <= excluded.last_change_at
                  AND (u.district_id, u.first_name, u.middle_name, u.last_name, u.email, u.roles, u.school_ids, u.active,
                       u.content_hash)
                      IS DISTINCT FROM (excluded.district_id, excluded.first_name, excluded.middle_name, excluded.last_name,
                                        excluded.email, excluded.roles, excluded.school_ids, excluded.active,
                                        excluded.content_hash)
                RETURNING u.id, u.active, u.district_id, u.first_name, u.middle_name, u.last_name, u.email, u.roles, u.school_ids)
            SELECT w.id, %2$s
            FROM written w LEFT JOIN before b USING (id)""".formatted(COLUMNS, Effects.classify("""
            (b.district_id, b.first_name, b.middle_name, b.last_name, b.email, b.roles, b.school_ids)
                IS DISTINCT FROM (w.district_id, w.first_name, w.middle_name, w.last_name, w.email, w.roles, w.school_ids)"""));

    private static final String CLEAR_STAGE = "TRUNCATE stage_user";

    /**
     * Writes the newest change of each user, as rows: at most one per user.
     *
     * @return the users whose row this changed, with the effect ({@link Effects}); the others are not in it
     */
    public Map<String, ChangeType> write(Collection<UserRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return Map.of();
        }
        // The connection is the caller's transaction's: closing it hands it back at commit.
        try (Connection connection = dataSource.getConnection()) {
            return write(connection, rows);
        }
    }

    private static Map<String, ChangeType> write(Connection connection, Collection<UserRow> rows) throws SQLException {
        Map<String, byte[]> stored = storedHashes(connection, rows);
        Map<String, ChangeType> effects = new HashMap<>();
        StringBuilder fresh = new StringBuilder();
        StringBuilder changed = new StringBuilder();
        for (UserRow row : rows) {
            if (!stored.containsKey(row.id())) {
                fresh.append(row.line());
                effects.put(row.id(), ChangeType.CREATED);
            } else if (!Arrays.equals(stored.get(row.id()), row.contentHash())) {
                changed.append(row.line());
            }
        }
        if (!fresh.isEmpty()) {
            // All or nothing: a user inserted meanwhile by another writer fails the COPY, and the batch is retried.
            CopyText.copyIn(connection, COPY_NEW, fresh);
        }
        if (!changed.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_STAGE);
                statement.execute(CLEAR_STAGE);
                CopyText.copyIn(connection, COPY_STAGE, changed);
            }
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_STAGED)) {
                effects.putAll(Effects.read(upsert));
            }
        }
        return effects;
    }

    private static Map<String, byte[]> storedHashes(Connection connection, Collection<UserRow> rows) throws SQLException {
        String[] ids = rows.stream().map(UserRow::id).toArray(String[]::new);
        Map<String, byte[]> stored = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(STORED_HASHES)) {
            statement.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getBytes(2));
                }
            }
        }
        return stored;
    }
}
