package io.rosterbridge.writer.repository;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.rosterbridge.writer.change.EntityRecord;
import io.rosterbridge.writer.change.RosterChange;

/**
 * The bulk write path of the roster tables: every statement handles a whole batch of entities.
 * Users go through COPY into a session-local staging table and one {@code INSERT … ON CONFLICT} merge;
 * districts and schools (a handful per run) through one multi-row upsert over {@code unnest} arrays.
 * Each upsert writes only when the change is at least as new as the row ({@code last_change_at}) and actually
 * differs from it, so a replayed or no-op change costs a lookup and no new row version.
 */
@ApplicationScoped
public class RosterTables {

    private static final String CREATE_USER_STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS stage_user (
                id TEXT, district_id TEXT, first_name TEXT, middle_name TEXT, last_name TEXT, email TEXT,
                roles JSONB, role_names VARCHAR[], school_ids VARCHAR[], active BOOLEAN, last_change_at TIMESTAMPTZ
            ) ON COMMIT DELETE ROWS""";

    private static final String COPY_USER_STAGE = "COPY stage_user FROM STDIN";

    /** An unchanged or stale user is left alone: no new row version, only the conflict check's row lock. */
    private static final String MERGE_USERS = """
            INSERT INTO roster_user AS u (id, district_id, first_name, middle_name, last_name, email, roles, role_names,
                                          school_ids, active, last_change_at, archived_at)
            SELECT id, district_id, first_name, middle_name, last_name, email, roles, role_names,
                   school_ids, active, last_change_at, CASE WHEN active THEN NULL ELSE last_change_at END
            FROM stage_user
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
                                    excluded.email, excluded.roles, excluded.school_ids, excluded.active)""";

    private static final String UPSERT_SCHOOLS = """
            INSERT INTO school AS s (id, district_id, name, sis_id, school_number, low_grade, high_grade, active,
                                     last_change_at, archived_at)
            SELECT id, district_id, name, sis_id, school_number, low_grade, high_grade, active,
                   last_change_at::timestamptz, CASE WHEN active THEN NULL ELSE last_change_at::timestamptz END
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
                 AS t(id, district_id, name, sis_id, school_number, low_grade, high_grade, active, last_change_at)
            ON CONFLICT (id) DO UPDATE SET
                district_id = excluded.district_id, name = excluded.name, sis_id = excluded.sis_id,
                school_number = excluded.school_number, low_grade = excluded.low_grade, high_grade = excluded.high_grade,
                active = excluded.active, last_change_at = excluded.last_change_at,
                archived_at = CASE WHEN excluded.active THEN NULL WHEN s.active THEN excluded.last_change_at ELSE s.archived_at END,
                updated_at = now()
            WHERE s.last_change_at <= excluded.last_change_at
              AND (s.district_id, s.name, s.sis_id, s.school_number, s.low_grade, s.high_grade, s.active)
                  IS DISTINCT FROM (excluded.district_id, excluded.name, excluded.sis_id, excluded.school_number,
                                    excluded.low_grade, excluded.high_grade, excluded.active)""";

    private static final String UPSERT_DISTRICTS = """
            INSERT INTO district AS d (id, name, state, active, last_change_at, archived_at)
            SELECT id, name, state, active, last_change_at::timestamptz,
                   CASE WHEN active THEN NULL ELSE last_change_at::timestamptz END
            FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[]) AS t(id, name, state, active, last_change_at)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, state = excluded.state, active = excluded.active,
                last_change_at = excluded.last_change_at,
                archived_at = CASE WHEN excluded.active THEN NULL WHEN d.active THEN excluded.last_change_at ELSE d.archived_at END,
                updated_at = now()
            WHERE d.last_change_at <= excluded.last_change_at
              AND (d.name, d.state, d.active) IS DISTINCT FROM (excluded.name, excluded.state, excluded.active)""";

    private final ObjectWriter rolesWriter;

    @Inject
    public RosterTables(ObjectMapper json) {
        this.rolesWriter = json.writerFor(new TypeReference<List<EntityRecord.Role>>() {
        });
    }

    /** Applies the final state of each user; {@code changes} holds at most one change per user. */
    public int upsertUsers(Connection connection, Collection<RosterChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return 0;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_USER_STAGE);
        }
        CopyText rows = new CopyText();
        for (RosterChange change : changes) {
            EntityRecord.User user = (EntityRecord.User) change.record();
            rows.field(user.id()).field(user.districtId()).field(user.firstName()).field(user.middleName())
                    .field(user.lastName()).field(user.email()).field(rolesJson(user.roles()))
                    .textArray(user.roles().stream().map(EntityRecord.Role::role).toList())
                    .textArray(user.schoolIds()).field(change.leavesActive()).field(change.occurredAt().toString())
                    .endRow();
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_USER_STAGE, new StringReader(rows.text()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(MERGE_USERS);
        }
    }

    public int upsertSchools(Connection connection, Collection<RosterChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return 0;
        }
        int n = changes.size();
        String[] ids = new String[n], districts = new String[n], names = new String[n], sisIds = new String[n],
                numbers = new String[n], lowGrades = new String[n], highGrades = new String[n], changedAt = new String[n];
        Boolean[] active = new Boolean[n];
        int i = 0;
        for (RosterChange change : changes) {
            EntityRecord.School school = (EntityRecord.School) change.record();
            ids[i] = school.id();
            districts[i] = school.districtId();
            names[i] = school.name();
            sisIds[i] = school.sisId();
            numbers[i] = school.schoolNumber();
            lowGrades[i] = school.lowGrade();
            highGrades[i] = school.highGrade();
            active[i] = change.leavesActive();
            changedAt[i] = change.occurredAt().toString();
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_SCHOOLS)) {
            int p = 1;
            for (String[] column : List.of(ids, districts, names, sisIds, numbers, lowGrades, highGrades)) {
                statement.setArray(p++, connection.createArrayOf("text", column));
            }
            statement.setArray(p++, connection.createArrayOf("boolean", active));
            statement.setArray(p, connection.createArrayOf("text", changedAt));
            return statement.executeUpdate();
        }
    }

    public int upsertDistricts(Connection connection, Collection<RosterChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return 0;
        }
        int n = changes.size();
        String[] ids = new String[n], names = new String[n], states = new String[n], changedAt = new String[n];
        Boolean[] active = new Boolean[n];
        int i = 0;
        for (RosterChange change : changes) {
            EntityRecord.District district = (EntityRecord.District) change.record();
            ids[i] = district.id();
            names[i] = district.name();
            states[i] = district.state();
            active[i] = change.leavesActive();
            changedAt[i] = change.occurredAt().toString();
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_DISTRICTS)) {
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.setArray(2, connection.createArrayOf("text", names));
            statement.setArray(3, connection.createArrayOf("text", states));
            statement.setArray(4, connection.createArrayOf("boolean", active));
            statement.setArray(5, connection.createArrayOf("text", changedAt));
            return statement.executeUpdate();
        }
    }

    /** The stored form of a user's roles: the contract's role objects with every field present, in record order. */
    String rolesJson(List<EntityRecord.Role> roles) {
        try {
            return rolesWriter.writeValueAsString(roles);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise roles", e);
        }
    }
}
