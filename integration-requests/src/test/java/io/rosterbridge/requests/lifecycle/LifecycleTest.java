package io.rosterbridge.requests.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.service.Lifecycle;
import io.rosterbridge.requests.sharing.ConnectionMonitor;
import io.rosterbridge.requests.support.KafkaTopics;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.RecordedEvents;
import io.rosterbridge.requests.support.Staff;
import io.rosterbridge.requests.support.TestData;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * The whole onboarding of districts on the real broker and database, with the Clever sandbox and
 * recorded sync.runs / roster.applied events standing in for the fetcher and the writer.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class LifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MockMailbox mailbox;

    @Inject
    ConnectionMonitor monitor;

    @Test
    void aDistrictGoesFromSubmittedToActive() throws Exception {
        String name = TestData.unique("Lifecycle USD");
        Onboarding.District district = Onboarding.submit(Onboarding.generate(name, 1700), name);

        // Check now: Clever lists the district's token and shares its records.
        JsonPath checked = given().auth().oauth2(Staff.support())
                .when().post("/api/support/integrations/" + district.requestId() + "/check")
                .then().statusCode(200)
                .body("state", is("shared"))
                .body("districtId", is(district.districtId()))
                .extract().jsonPath();
        assertThat(checked.getList("sharing.problems", String.class)).contains("Requested school \"Ghost Academy\" is not shared.");
        assertThat(checked.getList("sharing.requestedSchoolsNotShared", String.class)).containsExactly("Ghost Academy");
        assertThat(checked.getInt("sharing.teachers")).isPositive();
        assertThat(checked.getList("schoolOptions.findAll { it.suggested }.schoolId", String.class))
                .containsExactlyInAnyOrder(district.schools().get(0).id(), district.schools().get(1).id());
        // The requester's private status link shows the same gap.
        given().when().get("/api" + district.statusUrl())
                .then().statusCode(200)
                .body("state", is("shared"))
                .body("missing", hasItem("Requested school \"Ghost Academy\" is not shared."));

        // Link: published on the compacted district.links topic for the fetcher.
        Onboarding.link(district, "org-lifecycle");
        ConsumerRecord<String, String> link = KafkaTopics.await(Topics.DISTRICT_LINKS, r -> r.key().equals(district.districtId()), 1).get(0);
        EventContracts.assertConforms("district-links", link.value());
        JsonNode linkJson = JSON.readTree(link.value());
        assertThat(linkJson.path("status").asText()).isEqualTo("active");
        assertThat(linkJson.path("organisationId").asText()).isEqualTo("org-lifecycle");
        assertThat(linkJson.path("licensedSchoolIds")).extracting(JsonNode::asText)
                .containsExactly(district.schools().get(0).id(), district.schools().get(1).id());
        assertThat(cleanupPolicy(Topics.DISTRICT_LINKS)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);

        // Sync now: a contract-valid command on sync.requests.
        String commandId = given().auth().oauth2(Staff.support())
                .when().post("/api/support/integrations/" + district.requestId() + "/sync")
                .then().statusCode(202).extract().path("commandId");
        ConsumerRecord<String, String> command = KafkaTopics.await(Topics.SYNC_REQUESTS, r -> r.value().contains(commandId), 1).get(0);
        EventContracts.assertConforms("sync-requests", command.value());
        assertThat(command.key()).isEqualTo(district.districtId());
        assertThat(JSON.readTree(command.value()).path("command").asText()).isEqualTo("sync");
        assertThat(JSON.readTree(command.value()).path("requestedBy").asText()).isEqualTo("staff:alice");

        // The fetcher runs it (recorded events): syncing, with progress and counts.
        UUID run = UUID.randomUUID();
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "started", "support", null));
        awaitState(district, "syncing");
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "progress", "support",
                "\"fetched\":{\"schools\":3,\"users\":20}"));
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "completed", "support",
                "\"fetched\":{\"schools\":2,\"users\":1700}," + RecordedEvents.counts(63, 0, 0, 0) + ",\"durationMs\":4200"));
        Awaitility.await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().auth().oauth2(Staff.support())
                .when().get("/api/support/integrations/" + district.requestId())
                .then().body("runs[0].status", is("completed"))
                .body("runs[0].fetchedUsers", is(1700))
                .body("runs[0].created", is(63))
                .body("runs[0].durationMs", is(4200))
                .body("runInProgress", is(false)));

        // The writer applied the first full sync: rostered, the contact and the CSM team are told.
        KafkaTopics.send(Topics.ROSTER_APPLIED, district.districtId(), RecordedEvents.applied(run, district.districtId(), true, 63, 60));
        awaitState(district, "rostered");
        Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(mailbox.getMailsSentTo(district.contactEmail())).anySatisfy(m -> assertThat(m.getSubject()).contains("is rostered"));
            assertThat(mailbox.getMailsSentTo("customer-success@rosterbridge.io"))
                    .anySatisfy(m -> assertThat(m.getSubject()).isEqualTo("District rostered: " + name));
        });

        // The first nightly run makes it active.
        UUID nightly = UUID.randomUUID();
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(nightly, district.districtId(), "started", "nightly", null));
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(nightly, district.districtId(), "completed", "nightly",
                RecordedEvents.counts(0, 2, 0, 0)));
        awaitState(district, "active");

        // Every state change is on integration.events, in order, contract-valid; the audit trail says who did what.
        List<ConsumerRecord<String, String>> events = KafkaTopics.await(Topics.INTEGRATION_EVENTS,
                r -> r.key().equals(district.requestId()), 7);
        events.forEach(e -> EventContracts.assertConforms("integration-events", e.value()));
        assertThat(events).extracting(e -> JSON.readTree(e.value()).path("state").asText())
                .containsExactly("submitted", "connected", "shared", "linked", "syncing", "rostered", "active");
        given().auth().oauth2(Staff.support()).when().get("/api/support/integrations/" + district.requestId())
                .then().body("audit.find { it.action == 'linked' }.actor", is("staff:alice"))
                .body("audit.find { it.action == 'sync-requested' }.actor", is("staff:alice"))
                .body("audit.find { it.action == 'rostered' }.actor", is("system"));


        // Pause stops syncing (the link says so); resume goes back to active.
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + district.requestId() + "/pause")
                .then().statusCode(200).body("state", is("paused")).body("link.status", is("paused"));
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + district.requestId() + "/sync")
                .then().statusCode(409);
        ConsumerRecord<String, String> paused = KafkaTopics.await(Topics.DISTRICT_LINKS,
                r -> r.key().equals(district.districtId()) && r.value().contains("\"paused\""), 1).get(0);
        EventContracts.assertConforms("district-links", paused.value());
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + district.requestId() + "/resume")
                .then().statusCode(200).body("state", is("active")).body("link.status", is("active"));
        List<ConsumerRecord<String, String>> links = KafkaTopics.await(Topics.DISTRICT_LINKS, r -> r.key().equals(district.districtId()), 3);
        assertThat(links).extracting(r -> JSON.readTree(r.value()).path("status").asText()).containsExactly("active", "paused", "active");
    }

    @Test
    void aDisconnectStopsSyncingAndKeepsTheData() throws Exception {
        Onboarding.District district = Onboarding.linked("Disconnect ISD");
        UUID run = UUID.randomUUID();
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "started", "initial", null));
        awaitState(district, "syncing");

        Onboarding.sandbox().world().disconnect(district.districtId());
        Onboarding.check(district);
        awaitState(district, "disconnected");

        List<ConsumerRecord<String, String>> links = KafkaTopics.await(Topics.DISTRICT_LINKS,
                r -> r.key().equals(district.districtId()) && r.value().contains("\"disconnected\""), 1);
        EventContracts.assertConforms("district-links", links.get(0).value());
        given().auth().oauth2(Staff.support()).when().get("/api/support/integrations/" + district.requestId())
                .then().body("link.organisationId", is("org-" + district.districtId().substring(0, 8)))
                .body("link.status", is("disconnected"))
                .body("runs.runId", hasItem(run.toString()))
                .body("canSync", is(false));
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + district.requestId() + "/sync")
                .then().statusCode(409);

        // Reconnecting brings it back for support to check and link again (here through the scheduled check).
        Onboarding.sandbox().world().connect(district.districtId());
        monitor.checkAll(Lifecycle.SYSTEM);
        awaitState(district, "shared");
        given().auth().oauth2(Staff.support()).when().get("/api/support/integrations/" + district.requestId())
                .then().body("audit.find { it.action == 'reconnected' }.actor", is("system"));
    }

    @Test
    void heldRemovalsAreApprovedOrDiscarded() throws Exception {
        Onboarding.District district = Onboarding.linked("Held Removals SD");
        UUID approved = UUID.randomUUID();
        UUID discarded = UUID.randomUUID();
        for (UUID run : List.of(approved, discarded)) {
            KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "started", "nightly", null));
            KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "held", "nightly",
                    RecordedEvents.counts(0, 1, 12, 0) + ",\"reason\":\"12 removals exceed the 10% threshold\""));
        }
        Awaitility.await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().auth().oauth2(Staff.support())
                .when().get("/api/support/integrations/" + district.requestId())
                .then().body("runs.findAll { it.awaitingDecision }.runId", org.hamcrest.Matchers.containsInAnyOrder(
                        approved.toString(), discarded.toString())));

        String approveCommand = decide(district, approved, "approve");
        String discardCommand = decide(district, discarded, "discard");
        for (String[] expected : List.of(new String[] { approveCommand, "approve-held", approved.toString() },
                new String[] { discardCommand, "discard-held", discarded.toString() })) {
            ConsumerRecord<String, String> command = KafkaTopics.await(Topics.SYNC_REQUESTS, r -> r.value().contains(expected[0]), 1).get(0);
            EventContracts.assertConforms("sync-requests", command.value());
            JsonNode json = JSON.readTree(command.value());
            assertThat(json.path("command").asText()).isEqualTo(expected[1]);
            assertThat(json.path("runId").asText()).isEqualTo(expected[2]);
            assertThat(command.key()).isEqualTo(district.districtId());
        }
        // A decision is taken once.
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + district.requestId() + "/runs/" + approved + "/discard")
                .then().statusCode(409);

        // The fetcher reports the outcome.
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(approved, district.districtId(), "approved", "nightly",
                RecordedEvents.counts(0, 1, 12, 0)));
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(discarded, district.districtId(), "discarded", "nightly", null));
        Awaitility.await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().auth().oauth2(Staff.support())
                .when().get("/api/support/integrations/" + district.requestId())
                .then().body("runs.find { it.runId == '" + approved + "' }.status", is("approved"))
                .body("runs.find { it.runId == '" + discarded + "' }.status", is("discarded"))
                .body("runs.findAll { it.awaitingDecision }", org.hamcrest.Matchers.empty()));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        Onboarding.District district = Onboarding.linked("Redelivery SD");
        UUID run = UUID.randomUUID();
        String completed = RecordedEvents.runEvent(run, district.districtId(), "completed", "support", RecordedEvents.counts(5, 0, 0, 0));
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "started", "support", null));
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), completed);
        // A late progress event and the same completed event again must not reopen the run.
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(run, district.districtId(), "progress", "support",
                "\"fetched\":{\"schools\":1,\"users\":1}"));
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), completed);
        UUID marker = UUID.randomUUID();
        KafkaTopics.send(Topics.SYNC_RUNS, district.districtId(), RecordedEvents.runEvent(marker, district.districtId(), "started", "support", null));
        Awaitility.await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().auth().oauth2(Staff.support())
                .when().get("/api/support/integrations/" + district.requestId())
                .then().body("runs.runId", hasItem(marker.toString()))
                .body("runs.find { it.runId == '" + run + "' }.status", is("completed"))
                .body("audit.findAll { it.action == 'sync-started' }.state", contains("syncing")));
    }

    private static String decide(Onboarding.District district, UUID run, String decision) {
        return given().auth().oauth2(Staff.support())
                .when().post("/api/support/integrations/" + district.requestId() + "/runs/" + run + "/" + decision)
                .then().statusCode(202).extract().path("commandId");
    }

    private static void awaitState(Onboarding.District district, String state) {
        Awaitility.await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> given().auth().oauth2(Staff.support())
                .when().get("/api/support/integrations/" + district.requestId())
                .then().statusCode(200).body("state", is(state)));
    }

    private static String cleanupPolicy(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        }
    }
}
