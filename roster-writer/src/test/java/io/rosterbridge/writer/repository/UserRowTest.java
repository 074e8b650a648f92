package io.rosterbridge.writer.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityRecord;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;

/** A user's COPY line and content hash: the hash follows the compared columns and nothing else. */
class UserRowTest {

    private static final String DISTRICT = "5f0c1a2b3c4d5e6f7a8b9c0d";
    private static final String SCHOOL = "aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String USER = "bbbbbbbbbbbbbbbbbbbbbbbb";
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

    private static RosterChange change(ChangeType type, String last, Instant at) {
        EntityRecord.User user = new EntityRecord.User(USER, DISTRICT, new EntityRecord.Name("Ada", null, last), "ada@example.org", List.of(SCHOOL),
                List.of(new EntityRecord.Role("student", List.of(SCHOOL), SCHOOL, null, Map.of())));
        return new RosterChange(UUID.randomUUID(), UUID.randomUUID(), DISTRICT, type, EntityType.USER, USER, at, user);
    }

    @Test
    void theHashIgnoresEventRunAndTimeButFollowsTheContent() {
        UserRow created = UserRow.of(change(ChangeType.CREATED, "Lovelace", AT));
        UserRow sameLater = UserRow.of(change(ChangeType.UPDATED, "Lovelace", AT.plusSeconds(60)));
        UserRow renamed = UserRow.of(change(ChangeType.UPDATED, "Byron", AT));
        UserRow removed = UserRow.of(change(ChangeType.REMOVED, "Lovelace", AT));

        assertThat(created.contentHash()).hasSize(16).isEqualTo(sameLater.contentHash());
        assertThat(renamed.contentHash()).isNotEqualTo(created.contentHash());
        assertThat(removed.contentHash()).isNotEqualTo(created.contentHash());
    }

    @Test
    void theLineHasEveryColumnAndAnArchivedUserIsArchivedAtTheChange() {
        String active = UserRow.of(change(ChangeType.CREATED, "Lovelace", AT)).line();
        String archived = UserRow.of(change(ChangeType.REMOVED, "Lovelace", AT)).line();

        String[] fields = active.substring(0, active.length() - 1).split("\t", -1);
        assertThat(fields).hasSize(UserWriter.COLUMNS.split(",").length);
        assertThat(fields[0]).isEqualTo(USER);
        assertThat(fields[3]).isEqualTo("\\N");
        assertThat(fields[7]).isEqualTo("{\"student\"}");
        assertThat(fields[9]).isEqualTo("t");
        assertThat(fields[10]).isEqualTo(AT.toString());
        assertThat(fields[11]).isEqualTo("\\N");
        assertThat(fields[12]).matches("\\\\\\\\x[0-9a-f]{32}");
        assertThat(active).endsWith("\n");

        String[] gone = archived.substring(0, archived.length() - 1).split("\t", -1);
        assertThat(gone[9]).isEqualTo("f");
        assertThat(gone[11]).isEqualTo(AT.toString());
    }
}
