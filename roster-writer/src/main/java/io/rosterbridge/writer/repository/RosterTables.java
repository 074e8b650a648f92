package io.rosterbridge.writer.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityRecord;
import io.rosterbridge.contracts.rosterchanges.RosterChange;

/**
 * The bulk write path of districts and schools (a handful per run): one multi-row upsert over {@code unnest} arrays
 * each. Users, the bulk of every run, go through {@link UserWriter}. Each upsert writes only when the change is at
 * least as new as the row ({@code last_change_at}) and actually differs from it, so a replayed or no-op change costs
 * a lookup, no new row version and no count.
 */
@ApplicationScoped
public class RosterTables {

    @Inject
    DataSource dataSource;

    /** These upserts write a row only when its content or its active flag differs: every row written changed. */
    private static final String WRITTEN_DIFFERS = "true";

    private static final String UPSERT_SCHOOLS = """
            WITH input AS (
                SELECT id, district_id, name, sis_id, school_number, low_grade, high_grade, active,
                       last_change_at::timestamptz AS last_change_at
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
                     AS t(id, district_id, name, sis_id, school_number, low_grade, high_grade, active, last_change_at)),
            before AS (SELECT s.id, s.active FROM school s JOIN input USING (id)),
            written AS (
                INSERT INTO school AS s (id, district_id, name, sis_id, school_number, low_grade, high_grade, active,
                                         last_change_at, archived_at)
                SELECT id, district_id, name, sis_id, school_number, low_grade, high_grade, active,
                       last_change_at, CASE WHEN active THEN NULL ELSE last_change_at END
                FROM input
                ON CONFLICT (id) DO UPDATE SET
                    district_id = excluded.district_id, name = excluded.name, sis_id = excluded.sis_id,
                    school_number = excluded.school_number, low_grade = excluded.low_grade, high_grade = excluded.high_grade,
                    active = excluded.active, last_change_at = excluded.last_change_at,
                    archived_at = CASE WHEN excluded.active THEN NULL WHEN s.active THEN excluded.last_change_at ELSE s.archived_at END,
                    updated_at = now()
                WHERE s.last_change_at <= excluded.last_change_at
                  AND (s.district_id, s.name, s.sis_id, s.school_number, s.low_grade, s.high_grade, s.active)
                      IS DISTINCT FROM (excluded.district_id, excluded.name, excluded.sis_id, excluded.school_number,
                                        excluded.low_grade, excluded.high_grade, excluded.active)
                RETURNING s.id, s.active)
            SELECT w.id, %s FROM written w LEFT JOIN before b USING (id)""".formatted(Effects.classify(WRITTEN_DIFFERS));

    private static final String UPSERT_DISTRICTS = """
            WITH input AS (
                SELECT id, name, state, active, last_change_at::timestamptz AS last_change_at
                FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[]) AS t(id, name, state, active, last_change_at)),
            before AS (SELECT d.id, d.active FROM district d JOIN input USING (id)),
            written AS (
                INSERT INTO district AS d (id, name, state, active, last_change_at, archived_at)
                SELECT id, name, state, active, last_change_at, CASE WHEN active THEN NULL ELSE last_change_at END
                FROM input
                ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name, state = excluded.state, active = excluded.active,
                    last_change_at = excluded.last_change_at,
                    archived_at = CASE WHEN excluded.active THEN NULL WHEN d.active THEN excluded.last_change_at ELSE d.archived_at END,
                    updated_at = now()
                WHERE d.last_change_at <= excluded.last_change_at
                  AND (d.name, d.state, d.active) IS DISTINCT FROM (excluded.name, excluded.state, excluded.active)
                RETURNING d.id, d.active)
            SELECT w.id, %s FROM written w LEFT JOIN before b USING (id)""".formatted(Effects.classify(WRITTEN_DIFFERS));

    /** @return the schools whose row this changed, with the effect ({@link Effects}) */
    public Map<String, ChangeType> upsertSchools(Collection<RosterChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return Map.of();
        }
        // The connection is the caller's transaction's: closing it hands it back at commit.
        try (Connection connection = dataSource.getConnection()) {
            return upsertSchools(connection, changes);
        }
    }

    private static Map<String, ChangeType> upsertSchools(Connection connection, Collection<RosterChange> changes) throws SQLException {
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
            return Effects.read(statement);
        }
    }

    /** @return the districts whose row this changed, with the effect ({@link Effects}) */
    public Map<String, ChangeType> upsertDistricts(Collection<RosterChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            return upsertDistricts(connection, changes);
        }
    }

    private static Map<String, ChangeType> upsertDistricts(Connection connection, Collection<RosterChange> changes) throws SQLException {
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
            return Effects.read(statement);
        }
    }
}
