package io.rosterbridge.fetcher.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.KafkaEventLog;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.fetcher.support.SyncTestBase;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * An approval of held removals that stopped part-way (the fetcher died after some batches were archived, before the
 * decision was stored) leaves the run held. Approving it again removes the rest, and the run's record, its status on
 * sync.runs and its approval marker count every removal made for the run, not only the second approval's.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class CrashedApprovalTest extends SyncTestBase {

    @Inject
    FingerprintRepository fingerprints;

    @Inject
    EventSender sender;

    @Test
    void approvingAgainAfterAPartialApprovalCountsEveryRemovalOnce() {
        String district = linkedDistrict("Crashed Approval", 1700, 81);
        sync(district);
        sandbox().world().unshareSchool(district, sandbox().world().schoolIds(district).get(0));
        Event held = sync(district);
        assertThat(held.text("status")).isEqualTo("held");
        String runId = held.text("runId");
        long heldRemovals = held.value().at("/counts/removed").asLong();
        assertThat(heldRemovals).isGreaterThan(20);

        // What the first approval did before it died: half of the removals sent, acknowledged and archived.
        List<String> ids = fingerprints.heldStillActive(UUID.fromString(runId));
        new Removals(fingerprints, sender).removeApproved(UUID.fromString(runId), district, ids.subList(0, ids.size() / 2));

        given().auth().oauth2(Fixtures.supportToken()).contentType(ContentType.JSON).body("{\"reason\":\"school closed\"}")
                .post("/api/runs/{runId}/approve", runId).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> approved(district, runId) != null);

        assertThat(approved(district, runId).value().at("/counts/removed").asLong()).isEqualTo(heldRemovals);
        given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/runs", district)
                .then().statusCode(200).body("find { it.runId == '%s' }.counts.removed".formatted(runId), is((int) heldRemovals));
        List<Event> markers = log.matching(e -> e.topic().equals("roster.changes") && runId.equals(e.text("runId"))
                && "roster.run-completed".equals(e.text("type")));
        assertThat(markers).last().satisfies(m -> assertThat(KafkaEventLog.countsOf(m)).containsEntry("removed", heldRemovals));
        // every held record removed once: the second approval sent only the rest
        List<Event> removals = log.changes(district, runId).stream().filter(c -> "removed".equals(c.text("changeType"))).toList();
        assertThat(removals).hasSize((int) heldRemovals);
        assertThat(removals.stream().map(c -> c.text("entityId")).distinct()).hasSize((int) heldRemovals);
    }

    private Event approved(String district, String runId) {
        return log.runEvents(district).stream().filter(e -> runId.equals(e.text("runId")) && "approved".equals(e.text("status")))
                .findFirst().orElse(null);
    }
}
