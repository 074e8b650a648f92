package io.rosterbridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.contracts.integrationevents.IntegrationEvent;
import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityRecord;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;
import io.rosterbridge.contracts.rosterdeadletter.DeadLetterEvent;
import io.rosterbridge.contracts.syncrequests.SyncRequestCommand;
import io.rosterbridge.contracts.syncruns.SyncRunEvent;

/**
 * Every shared record, written by a plain ObjectMapper (no modules, no settings: as any service might), conforms to
 * its schema and reads back equal; its JSON names are exactly the schema's properties, so record and schema cannot
 * drift apart; and a broken message is refused with a reason that names the field.
 */
class SharedRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISTRICT = "5f0c1a2b3c4d5e6f7a8b9c0d";
    private static final String SCHOOL = "5f0c1a2b3c4d5e6f7a8b9c01";
    private static final String USER = "5f0c1a2b3c4d5e6f7a8b9c11";
    private static final Instant AT = Instant.parse("2026-11-29T04:00:00.123Z");
    private static final ChangeCounts COUNTS = new ChangeCounts(3_000_000_000L, 2, 1, 0);

    static Stream<Arguments> samples() {
        UUID run = EventIds.newRunId(AT);
        EntityRecord.User user = new EntityRecord.User(USER, DISTRICT, new EntityRecord.Name("Ada", null, "Lovelace"), null,
                List.of(SCHOOL), List.of(new EntityRecord.Role("student", List.of(SCHOOL), SCHOOL, "S-1", Map.of("grade", "5")),
                        new EntityRecord.Role("contact", List.of(), null, null, Map.of())));
        return Stream.of(
                Arguments.of("roster-changes", new RosterChange(EventIds.changeId(run, "created", USER), run, DISTRICT,
                        ChangeType.CREATED, EntityType.USER, USER, AT, user)),
                Arguments.of("roster-changes", new RosterChange(UUID.randomUUID(), run, DISTRICT, ChangeType.UPDATED,
                        EntityType.SCHOOL, SCHOOL, AT, new EntityRecord.School(SCHOOL, DISTRICT, "Hill", null, "7", "K", "5"))),
                Arguments.of("roster-changes", new RosterChange(UUID.randomUUID(), run, DISTRICT, ChangeType.REMOVED,
                        EntityType.DISTRICT, DISTRICT, AT, new EntityRecord.District(DISTRICT, "Hill USD", null))),
                Arguments.of("roster-changes", new RunCompleted(UUID.randomUUID(), run, DISTRICT, AT, COUNTS, true)),
                Arguments.of("sync-runs", new SyncRunEvent(1, UUID.randomUUID(), run, DISTRICT, "completed", "nightly", null, AT,
                        new SyncRunEvent.Fetched(3L, 1_000L), COUNTS, 1234L, null)),
                Arguments.of("sync-runs", new SyncRunEvent(1, UUID.randomUUID(), run, DISTRICT, "started", "support", "staff:alice",
                        AT, null, null, null, null)),
                Arguments.of("sync-requests", new SyncRequestCommand(1, UUID.randomUUID(), SyncRequestCommand.APPROVE_HELD, DISTRICT,
                        run, "staff:alice", "checked with the district", AT)),
                Arguments.of("roster-applied", new RosterAppliedEvent(1, UUID.randomUUID(), run, DISTRICT, AT, true, COUNTS, 1_000L)),
                Arguments.of("district-links", new DistrictLinkEvent(1, DISTRICT, "org-1", "Hill USD", DistrictLinkEvent.ACTIVE,
                        List.of(SCHOOL), AT)),
                Arguments.of("login-audit", new LoginAuditEvent(1, UUID.randomUUID(), "success", "instant-login", USER, DISTRICT,
                        List.of("student"), null, AT)),
                Arguments.of("integration-events", new IntegrationEvent(1, UUID.randomUUID(), UUID.randomUUID(), DISTRICT, "Hill USD",
                        "shared", "linked", "staff:alice", AT)),
                Arguments.of("roster-dead-letter", new DeadLetterEvent("record key 'x' is not the districtId", "roster.changes", 2,
                        41L, "{}", AT)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aRecordAsWrittenConformsAndReadsBackEqual(String schema, Object record) throws IOException {
        String json = JSON.writeValueAsString(record);

        EventContracts.assertConforms(schema, json);
        Class<?> type = record instanceof RosterMessage ? RosterMessage.class : record.getClass();
        assertThat(JSON.readValue(json, type)).isEqualTo(record);
    }

    @Test
    void aRecordAlreadyEncodedIsWrittenAsItIs() throws IOException {
        RosterChange change = RosterChange.ofEncoded(UUID.randomUUID(), UUID.randomUUID(), DISTRICT, ChangeType.REMOVED,
                EntityType.SCHOOL, SCHOOL, AT, "{\"kind\":\"school\",\"id\":\"" + SCHOOL + "\",\"districtId\":\"" + DISTRICT
                        + "\",\"name\":\"Hill\"}");
        String json = JSON.writeValueAsString(change);

        EventContracts.assertConforms("roster-changes", json);
        RosterChange read = (RosterChange) JSON.readValue(json, RosterMessage.class);
        assertThat(read.record()).isEqualTo(new EntityRecord.School(SCHOOL, DISTRICT, "Hill", null, null, null, null));
        assertThat(read.problem(DISTRICT)).isNull();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(RosterChange.class, "roster-changes", "/$defs/change", Set.of()),
                Arguments.of(RunCompleted.class, "roster-changes", "/$defs/runCompleted", Set.of()),
                Arguments.of(ChangeCounts.class, "roster-changes", "/$defs/counts", Set.of()),
                Arguments.of(EntityRecord.District.class, "roster-changes", "/$defs/district", Set.of("kind")),
                Arguments.of(EntityRecord.School.class, "roster-changes", "/$defs/school", Set.of("kind")),
                Arguments.of(EntityRecord.User.class, "roster-changes", "/$defs/user", Set.of("kind")),
                Arguments.of(EntityRecord.Name.class, "roster-changes", "/$defs/user/properties/name", Set.of()),
                Arguments.of(EntityRecord.Role.class, "roster-changes", "/$defs/role", Set.of()),
                Arguments.of(SyncRunEvent.class, "sync-runs", "", Set.of()),
                Arguments.of(SyncRunEvent.Fetched.class, "sync-runs", "/properties/fetched", Set.of()),
                Arguments.of(ChangeCounts.class, "sync-runs", "/properties/counts", Set.of()),
                Arguments.of(SyncRequestCommand.class, "sync-requests", "", Set.of()),
                Arguments.of(RosterAppliedEvent.class, "roster-applied", "", Set.of()),
                Arguments.of(ChangeCounts.class, "roster-applied", "/properties/counts", Set.of()),
                Arguments.of(DistrictLinkEvent.class, "district-links", "", Set.of()),
                Arguments.of(LoginAuditEvent.class, "login-audit", "", Set.of()),
                Arguments.of(IntegrationEvent.class, "integration-events", "", Set.of()),
                Arguments.of(DeadLetterEvent.class, "roster-dead-letter", "", Set.of()));
    }

    /** {@code typeId}: a property Jackson writes as the record's type id rather than from a component. */
    @ParameterizedTest
    @MethodSource("shapes")
    void aRecordHasExactlyItsSchemasProperties(Class<?> record, String schema, String pointer, Set<String> typeId) throws IOException {
        JsonNode definition = packagedSchema(schema).at(pointer);
        Set<String> expected = new TreeSet<>();
        definition.get("properties").fieldNames().forEachRemaining(expected::add);

        JavaType type = JSON.constructType(record);
        Set<String> written = new TreeSet<>(typeId);
        for (BeanPropertyDefinition property : JSON.getSerializationConfig().introspect(type).findProperties()) {
            if (property.couldSerialize()) {
                written.add(property.getName());
            }
        }
        assertThat(written).as(record.getSimpleName() + " against " + schema + pointer).isEqualTo(expected);
    }

    @Test
    void aBrokenMessageIsRefusedWithAReasonNamingTheField() throws IOException {
        ObjectNode command = (ObjectNode) JSON.valueToTree(new SyncRequestCommand(1, UUID.randomUUID(), SyncRequestCommand.SYNC,
                DISTRICT, null, "staff:alice", null, AT));
        assertThat(EventContracts.violations("sync-requests", command)).isEmpty();

        assertThat(EventContracts.violations("sync-requests", command.deepCopy().put("districtId", "42")))
                .singleElement().isEqualTo("districtId '42' is not a Clever id (24 lowercase hex characters)");
        assertThat(EventContracts.violations("sync-requests", command.deepCopy().put("commandId", "12345")))
                .singleElement().isEqualTo("commandId '12345' is not a UUID");
        assertThat(EventContracts.violations("sync-requests", command.deepCopy().put("requestedAt", "+300000-01-01T00:00:00Z")))
                .singleElement().isEqualTo("requestedAt '+300000-01-01T00:00:00Z' is not an RFC 3339 date-time");
        ObjectNode withoutRequester = command.deepCopy();
        withoutRequester.remove("requestedBy");
        assertThat(EventContracts.violations("sync-requests", withoutRequester)).containsExactly("requestedBy is missing");
        assertThat(EventContracts.violations("sync-requests", command.deepCopy().put("schemaVersion", 2)))
                .containsExactly("unsupported schemaVersion 2 (the contract says 1)");
        assertThat(EventContracts.violations("sync-requests", command.deepCopy().put("command", "resync")))
                .containsExactly("unknown command 'resync'");
        assertThat(EventContracts.violations("sync-requests", command.deepCopy().put("by", "x"))).containsExactly("unexpected field by");
        assertThat(EventContracts.violations("sync-requests", command.deepCopy().put("requestedBy", 7)))
                .containsExactly("requestedBy must be string, not number");
        assertThat(EventContracts.violations("sync-requests", "{\"schemaVersion\":")).singleElement().asString().startsWith("not JSON");
    }

    @Test
    void aChangeWhoseFieldsDisagreeIsRefusedByItsRules() {
        RosterChange change = new RosterChange(UUID.randomUUID(), UUID.randomUUID(), DISTRICT, ChangeType.CREATED, EntityType.SCHOOL,
                SCHOOL, AT, new EntityRecord.School(SCHOOL, DISTRICT, "Hill", null, null, null, null));
        assertThat(change.problem(DISTRICT)).isNull();
        assertThat(change.problem(USER)).contains("is not the districtId");

        RosterChange otherKind = new RosterChange(change.eventId(), change.runId(), DISTRICT, ChangeType.CREATED, EntityType.USER,
                SCHOOL, AT, change.record());
        assertThat(otherKind.problem(DISTRICT)).isEqualTo("record.kind 'school' does not match entityType user");
        RosterChange otherEntity = new RosterChange(change.eventId(), change.runId(), DISTRICT, ChangeType.CREATED, EntityType.SCHOOL,
                USER, AT, change.record());
        assertThat(otherEntity.problem(DISTRICT)).contains("is not the entityId");
        EntityRecord.Role student = new EntityRecord.Role("student", List.of(), null, null, Map.of());
        RosterChange twice = new RosterChange(change.eventId(), change.runId(), DISTRICT, ChangeType.CREATED, EntityType.USER, USER, AT,
                new EntityRecord.User(USER, DISTRICT, new EntityRecord.Name(null, null, null), null, List.of(), List.of(student, student)));
        assertThat(twice.problem(DISTRICT)).isEqualTo("record.roles lists role 'student' twice");
    }

    private static JsonNode packagedSchema(String name) throws IOException {
        try (InputStream in = EventContracts.class.getResourceAsStream("schemas/" + name + ".schema.json")) {
            assertThat(in).as("packaged schema " + name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
