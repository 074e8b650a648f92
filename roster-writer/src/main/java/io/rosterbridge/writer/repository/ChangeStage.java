package io.rosterbridge.writer.repository;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.rosterbridge.writer.change.EntityRecord;
import io.rosterbridge.writer.change.RosterChange;

/**
 * One transaction's roster changes on their way into the tables, in as few round trips as the work allows.
 * <p>
 * {@link #add} streams each change into a session-local staging table through one open {@code COPY}: the database
 * ingests the rows while the caller is still parsing the next ones. {@link #merge} ends the {@code COPY} and runs ONE
 * statement that claims the staged events in the idempotency log (processed_event), adds the fresh ones to their
 * runs' counts (run_progress) and upserts the newest change of each user among them (roster_user). Districts and
 * schools, a handful per run, are only staged for the claim and the counts; {@link Merged#freshOthers} hands them
 * back to be upserted by {@link RosterTables}.
 * <p>
 * Everything happens in the caller's transaction. A stage must be closed: closing abandons an unfinished {@code COPY}
 * so that the connection can roll back.
 */
public final class ChangeStage implements AutoCloseable {

    /** What one {@link #merge} did. */
    public record Merged(int received, int fresh, List<RosterChange> freshOthers) {

        static final Merged NONE = new Merged(0, 0, List.of());
    }

    private static final String CREATE_STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS stage_change (
                seq INT, event_id UUID, run_id UUID, district_id TEXT, change_type TEXT, entity_type TEXT, entity_id TEXT,
                occurred_at TIMESTAMPTZ, first_name TEXT, middle_name TEXT, last_name TEXT, email TEXT, roles JSONB,
                role_names VARCHAR[], school_ids VARCHAR[], active BOOLEAN
            ) ON COMMIT DELETE ROWS""";

    private static final String COPY_STAGE = "COPY stage_change FROM STDIN";

    /** The user columns a row carries; a district or school change leaves them null. */
    private static final int USER_COLUMNS = 8;

    /**
     * Claim, count and merge in one statement. The rows staged since the previous merge ({@code seq >= ?}) are
     * claimed; only the claimed (fresh) ones are counted and merged. The CTEs carry only narrow columns (the wide
     * user columns are read once, from the stage, by the upsert), which keeps sorting and hashing cheap. A user
     * unchanged by its newest change, or with a newer stored change, is filtered out before the upsert, so it costs
     * one index lookup and takes no row lock; the upsert's own guard keeps that true should another transaction have
     * written the row since.
     */
    private static final String MERGE = """
            WITH claimed AS (
                INSERT INTO processed_event (event_id, run_id)
                SELECT event_id, run_id FROM stage_change WHERE seq >= ?
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id
            ), fresh AS MATERIALIZED (
                SELECT seq, event_id, run_id, district_id, change_type, entity_type, entity_id, occurred_at
                FROM stage_change WHERE seq >= ? AND event_id IN (SELECT event_id FROM claimed)
            ), counted AS (
                INSERT INTO run_progress AS r (run_id, district_id, created, updated, removed, restored)
                SELECT run_id, min(district_id), count(*) FILTER (WHERE change_type = 'created'),
                       count(*) FILTER (WHERE change_type = 'updated'), count(*) FILTER (WHERE change_type = 'removed'),
                       count(*) FILTER (WHERE change_type = 'restored')
                FROM fresh GROUP BY run_id
                ON CONFLICT (run_id) DO UPDATE SET
                    created = r.created + excluded.created, updated = r.updated + excluded.updated,
                    removed = r.removed + excluded.removed, restored = r.restored + excluded.restored
            ), latest AS (
                SELECT DISTINCT ON (entity_id COLLATE "C") seq FROM fresh WHERE entity_type = 'user'
                ORDER BY entity_id COLLATE "C", occurred_at DESC, seq DESC
            ), merged AS (
                INSERT INTO roster_user AS u (id, district_id, first_name, middle_name, last_name, email, roles, role_names,
                                              school_ids, active, last_change_at, archived_at)
                SELECT entity_id, district_id, first_name, middle_name, last_name, email, roles, role_names,
                       school_ids, active, occurred_at, CASE WHEN active THEN NULL ELSE occurred_at END
                FROM stage_change l
                WHERE l.seq >= ? AND l.seq IN (SELECT seq FROM latest)
                  AND coalesce((SELECT cur.last_change_at <= l.occurred_at
                                       AND (cur.district_id, cur.first_name, cur.middle_name, cur.last_name, cur.email,
                                            cur.roles, cur.school_ids, cur.active)
                                           IS DISTINCT FROM (l.district_id, l.first_name, l.middle_name, l.last_name,
                                                             l.email, l.roles, l.school_ids, l.active)
                                FROM roster_user cur WHERE cur.id = l.entity_id), true)
                ON CONFLICT (id) DO UPDATE SET
                    district_id = excluded.district_id, first_name = excluded.first_name, middle_name = excluded.middle_name,
                    last_name = excluded.last_name, email = excluded.email, roles = excluded.roles,
                    role_names = excluded.role_names, school_ids = excluded.school_ids, active = excluded.active,
                    last_change_at = excluded.last_change_at,
                    archived_at = CASE WHEN excluded.active THEN NULL WHEN u.active THEN excluded.last_change_at ELSE u.archived_at END,
                    updated_at = now()
                WHERE u.last_change_at <= excluded.last_change_at
                  AND (u.district_id, u.first_name, u.middle_name, u.last_name, u.email, u.roles, u.school_ids, u.active)
                      IS DISTINCT FROM (excluded.district_id, excluded.first_name, excluded.middle_name, excluded.last_name,
                                        excluded.email, excluded.roles, excluded.school_ids, excluded.active)
            )
            SELECT count(*), array_agg(event_id) FILTER (WHERE entity_type <> 'user') FROM fresh""";

    /** Rows are sent to the database in pieces of about this many characters. */
    private static final int SEND_CHARS = 64 * 1024;

    private final Connection connection;
    private final CopyText rows = new CopyText();
    private final Set<UUID> seen = new HashSet<>();
    private final List<RosterChange> others = new ArrayList<>();
    private boolean created;
    private CopyIn copy;
    private int nextSeq;
    private int mergedUpTo;
    private int received;

    public ChangeStage(Connection connection) {
        this.connection = connection;
    }

    /** Changes added since the last merge, duplicates included. */
    public int size() {
        return received;
    }

    /** Stages a change; the same event twice before a merge (a producer retry) is staged once. */
    public void add(RosterChange change) throws SQLException {
        received++;
        if (!seen.add(change.eventId())) {
            return;
        }
        if (copy == null) {
            begin();
        }
        rows.plain(nextSeq++).plain(change.eventId()).plain(change.runId()).field(change.districtId())
                .field(change.changeType().wire()).field(change.entityType().wire()).field(change.entityId())
                .plain(change.occurredAt());
        if (change.record() instanceof EntityRecord.User user) {
            rows.field(user.firstName()).field(user.middleName()).field(user.lastName()).field(user.email())
                    .field(CopyText.rolesJson(user.roles()))
                    .textArray(roleNames(user.roles()))
                    .textArray(user.schoolIds()).field(change.leavesActive());
        } else {
            rows.nulls(USER_COLUMNS);
            others.add(change);
        }
        rows.endRow();
        if (rows.length() >= SEND_CHARS) {
            send();
        }
    }

    /** Claims, counts and merges everything added since the last merge. */
    public Merged merge() throws SQLException {
        if (received == 0) {
            return Merged.NONE;
        }
        send();
        copy.endCopy();
        copy = null;
        int fresh;
        Set<UUID> freshOthers = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(MERGE)) {
            for (int p = 1; p <= 3; p++) {
                statement.setInt(p, mergedUpTo);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                fresh = rs.getInt(1);
                Array ids = rs.getArray(2);
                if (ids != null) {
                    for (Object id : (Object[]) ids.getArray()) {
                        freshOthers.add((UUID) id);
                    }
                }
            }
        }
        Merged merged = new Merged(received, fresh,
                others.stream().filter(change -> freshOthers.contains(change.eventId())).toList());
        mergedUpTo = nextSeq;
        received = 0;
        seen.clear();
        others.clear();
        return merged;
    }

    /** Abandons a {@code COPY} still open (the transaction is failing); the rows staged so far go with it. */
    @Override
    public void close() throws SQLException {
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
        copy = null;
    }

    private static List<String> roleNames(List<EntityRecord.Role> roles) {
        List<String> names = new ArrayList<>(roles.size());
        for (EntityRecord.Role role : roles) {
            names.add(role.role());
        }
        return names;
    }

    private void begin() throws SQLException {
        if (!created) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(CREATE_STAGE);
            }
            created = true;
        }
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_STAGE);
    }

    private void send() throws SQLException {
        if (rows.length() > 0) {
            byte[] bytes = rows.take().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
        }
    }
}
