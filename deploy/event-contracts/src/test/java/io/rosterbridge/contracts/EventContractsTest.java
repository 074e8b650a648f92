package io.rosterbridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The contracts in docs/events accept what the services send and reject what they must not. */
class EventContractsTest {

    private static final String USER_CHANGE = """
            {"schemaVersion":1,"type":"roster.change","eventId":"0b6f3f4e-8a53-4c1a-9a55-2f1f6f1d2a10",
             "runId":"6d1b9a3e-2f4c-4f0e-8d7b-1c2a3b4c5d6e","districtId":"5f0c1a2b3c4d5e6f7a8b9c0d",
             "changeType":"created","entityType":"user","entityId":"5f0c1a2b3c4d5e6f7a8b9c11",
             "occurredAt":"2026-11-29T04:00:00Z",
             "record":{"kind":"user","id":"5f0c1a2b3c4d5e6f7a8b9c11","districtId":"5f0c1a2b3c4d5e6f7a8b9c0d",
               "name":{"first":"Ada","middle":null,"last":"Lovelace"},"email":null,
               "schoolIds":["5f0c1a2b3c4d5e6f7a8b9c01"],
               "roles":[{"role":"student","primarySchoolId":"5f0c1a2b3c4d5e6f7a8b9c01","schoolIds":["5f0c1a2b3c4d5e6f7a8b9c01"],
                         "sisId":"S-1","attributes":{"grade":"Kindergarten","student_number":"1001"}},
                        {"role":"some_future_role","schoolIds":[]}]}}""";

    @Test
    void everySchemaIsPublishedInTheAsyncApiDocument() throws IOException {
        Path events = eventsDirectory();
        String asyncApi = Files.readString(events.resolve("asyncapi.yaml"));
        try (Stream<Path> files = Files.list(events)) {
            List<String> schemas = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json")).toList();
            assertThat(schemas).hasSizeGreaterThanOrEqualTo(8);
            assertThat(schemas).allSatisfy(schema -> assertThat(asyncApi).contains("$ref: '" + schema + "'"));
        }
    }

    /** docs/events, from the build's property or by walking up from the module folder. */
    static Path eventsDirectory() {
        String configured = System.getProperty("rosterbridge.docs.dir");
        if (configured != null && Files.isDirectory(Path.of(configured, "events"))) {
            return Path.of(configured, "events");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs").resolve("events"))) {
                return dir.resolve("docs").resolve("events");
            }
        }
        throw new IllegalStateException("docs/events not found from " + Path.of("").toAbsolutePath());
    }

    @Test
    void everySchemaInDocsIsPackagedAndCompiles() throws IOException {
        try (Stream<Path> files = Files.list(eventsDirectory())) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json"))
                    .map(n -> n.substring(0, n.length() - ".schema.json".length())).toList();
            assertThat(names).allSatisfy(name -> assertThat(EventContracts.schema(name)).isNotNull());
        }
    }

    @Test
    void userChangeWithOpenRoleNamesConforms() {
        assertThat(EventContracts.violations("roster-changes", USER_CHANGE)).isEmpty();
    }

    @Test
    void changeWithUnknownChangeTypeOrBadIdIsRejected() {
        assertThat(EventContracts.violations("roster-changes", USER_CHANGE.replace("\"created\"", "\"deleted\""))).isNotEmpty();
        assertThat(EventContracts.violations("roster-changes", USER_CHANGE.replace("\"entityId\":\"5f0c1a2b3c4d5e6f7a8b9c11\"", "\"entityId\":\"42\""))).isNotEmpty();
        assertThat(EventContracts.violations("roster-changes", USER_CHANGE.replace("\"schemaVersion\":1", "\"schemaVersion\":2"))).isNotEmpty();
    }

    @Test
    void runCompletedMarkerConforms() {
        String marker = """
                {"schemaVersion":1,"type":"roster.run-completed","eventId":"0b6f3f4e-8a53-4c1a-9a55-2f1f6f1d2a11",
                 "runId":"6d1b9a3e-2f4c-4f0e-8d7b-1c2a3b4c5d6e","districtId":"5f0c1a2b3c4d5e6f7a8b9c0d",
                 "occurredAt":"2026-11-29T04:00:10Z","fullSnapshot":true,
                 "counts":{"created":10,"updated":0,"removed":0,"restored":0}}""";
        assertThat(EventContracts.violations("roster-changes", marker)).isEmpty();
        assertThat(EventContracts.violations("roster-changes", marker.replace("\"created\":10,", ""))).isNotEmpty();
    }

    @Test
    void syncCommandNeedsARequester() {
        String command = """
                {"schemaVersion":1,"commandId":"0b6f3f4e-8a53-4c1a-9a55-2f1f6f1d2a12","command":"sync",
                 "districtId":"5f0c1a2b3c4d5e6f7a8b9c0d","requestedBy":"support-1","reason":"district asked",
                 "requestedAt":"2026-11-29T15:00:00Z"}""";
        assertThat(EventContracts.violations("sync-requests", command)).isEmpty();
        assertThat(EventContracts.violations("sync-requests", command.replace("\"requestedBy\":\"support-1\",", ""))).isNotEmpty();
    }

    @Test
    void assertConformsNamesTheViolation() {
        assertThatThrownBy(() -> EventContracts.assertConforms("district-links", "{\"schemaVersion\":1}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("district-links");
        assertThat(EventContracts.violations("district-links", "not json")).singleElement().asString().startsWith("not JSON");
    }
}
