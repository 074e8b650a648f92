package io.rosterbridge.writer.change;

import static io.rosterbridge.writer.support.RosterEvents.change;
import static io.rosterbridge.writer.support.RosterEvents.newId;
import static io.rosterbridge.writer.support.RosterEvents.role;
import static io.rosterbridge.writer.support.RosterEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityRecord;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;
import io.rosterbridge.writer.support.RosterEvents;

class RosterMessageParserTest {

    private final RosterMessageParser parser = new RosterMessageParser(new ObjectMapper());
    private final String district = newId();
    private final String school = newId();
    private final String userId = newId();

    private ObjectNode validUserChange() {
        ObjectNode record = user(district, userId, "Ada", "Lovelace", role("student", List.of(school)), role("contact", List.of()));
        return RosterEvents.parse(change(UUID.randomUUID(), "updated", record, Instant.parse("2026-01-02T03:04:05.678Z")));
    }

    @Test
    void parsesAChangeWithEveryRoleAndSchool() throws Exception {
        RosterChange change = (RosterChange) parser.parse(district, validUserChange().toString());

        assertThat(change.changeType()).isEqualTo(ChangeType.UPDATED);
        assertThat(change.entityType()).isEqualTo(EntityType.USER);
        assertThat(change.occurredAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
        EntityRecord.User user = (EntityRecord.User) change.record();
        assertThat(user.name().first()).isEqualTo("Ada");
        assertThat(user.name().middle()).isNull();
        assertThat(user.schoolIds()).containsExactly(school);
        assertThat(user.roles()).extracting(EntityRecord.Role::role).containsExactly("student", "contact");
        assertThat(user.roles().get(0).attributes()).containsEntry("grade", "5");
        assertThat(change.leavesActive()).isTrue();
    }

    @Test
    void parsesARunCompletedMarker() throws Exception {
        UUID run = UUID.randomUUID();
        RunCompleted marker = (RunCompleted) parser.parse(district, RosterEvents.runCompleted(run, district, 3, 2, 1, 0));

        assertThat(marker.runId()).isEqualTo(run);
        assertThat(marker.fullSnapshot()).isTrue();
        assertThat(marker.counts()).isEqualTo(new ChangeCounts(3, 2, 1, 0));
    }

    @Test
    void rejectsWhatTheContractRejectsWithAReason() {
        assertRejected(m -> m.put("schemaVersion", 2), "unsupported schemaVersion 2");
        assertRejected(m -> m.remove("schemaVersion"), "schemaVersion is missing");
        assertRejected(m -> m.put("type", "roster.deleted"), "unknown type 'roster.deleted'");
        assertRejected(m -> m.remove("runId"), "runId is missing");
        assertRejected(m -> m.put("changeType", "moved"), "unknown changeType 'moved'");
        assertRejected(m -> m.put("entityId", "ABC"), "entityId 'ABC' is not a Clever id");
        assertRejected(m -> m.put("extra", true), "unexpected field extra");
        assertRejected(m -> record(m).remove("email"), "record.email is missing");
        assertRejected(m -> record(m).putArray("roles"), "record.roles must be a non-empty array");
        assertRejected(m -> ((ObjectNode) record(m).get("roles").get(0)).put("role", ""), "record.roles[0].role must not be empty");
        assertRejected(m -> ((ArrayNode) record(m).get("schoolIds")).add(school), "record.schoolIds lists " + school + " twice");
        assertRejected(m -> ((ObjectNode) record(m).get("name")).put("nick", "A"), "unexpected field record.name.nick");
        assertRejected(m -> record(m).put("kind", "school"), "unexpected field record.roles");
    }

    @Test
    void enforcesTheContractsFormats() {
        assertRejected(m -> m.put("eventId", "12345"), "eventId '12345' is not a UUID");
        assertRejected(m -> m.put("occurredAt", "yesterday"), "occurredAt 'yesterday' is not an RFC 3339 date-time");
        assertRejected(m -> m.put("occurredAt", "+300000-01-01T00:00:00Z"), "is not an RFC 3339 date-time");
    }

    @Test
    void rejectsWhatTheSchemaCannotExpress() {
        assertThatThrownBy(() -> parser.parse(newId(), validUserChange().toString()))
                .isInstanceOf(InvalidRosterMessage.class).hasMessageContaining("is not the districtId");
        assertRejectedOnly(m -> m.put("entityType", "school"), "record.kind 'user' does not match entityType school");
        assertRejectedOnly(m -> record(m).put("id", newId()), "is not the entityId");
        assertRejectedOnly(m -> record(m).put("districtId", newId()), "record belongs to district");
        assertRejectedOnly(m -> ((ArrayNode) record(m).get("roles")).add(role("student", List.of())), "lists role 'student' twice");
        assertRejectedOnly(m -> ((ObjectNode) record(m).get("name")).put("first", "A\u0000B"), "record.name.first contains a NUL character");
    }

    @Test
    void rejectsWhatIsNotJsonOrEmpty() {
        assertThatThrownBy(() -> parser.parse(district, "{\"schemaVersion\":")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> parser.parse(district, "[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> parser.parse(district, null)).hasMessage("empty message");
    }

    private static ObjectNode record(ObjectNode message) {
        return (ObjectNode) message.get("record");
    }

    /** Rejected by the writer with the reason, and by docs/events too. */
    private void assertRejected(Consumer<ObjectNode> breakIt, String reason) {
        ObjectNode message = validUserChange();
        breakIt.accept(message);
        assertThat(EventContracts.violations("roster-changes", message.toString())).as("contract rejects: " + reason).isNotEmpty();
        assertThatThrownBy(() -> parser.parse(district, message.toString()))
                .isInstanceOf(InvalidRosterMessage.class).hasMessageContaining(reason);
    }

    /** Passes the JSON Schema, rejected by the writer's rules across fields (or its storage's). */
    private void assertRejectedOnly(Consumer<ObjectNode> breakIt, String reason) {
        ObjectNode message = validUserChange();
        breakIt.accept(message);
        assertThat(EventContracts.violations("roster-changes", message.toString())).isEmpty();
        assertThatThrownBy(() -> parser.parse(district, message.toString()))
                .isInstanceOf(InvalidRosterMessage.class).hasMessageContaining(reason);
    }
}
