package io.rosterbridge.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.KafkaEventLog;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.fetcher.support.SyncTestBase;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** Mass removals are held until support approves (their removals go out) or discards them (nothing is removed). */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class HeldRunTest extends SyncTestBase {

    @Test
    void massUnshareIsHeldThenApprovedThroughTheApi() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Mass Unshare", 1700, 51);
        sync(district);
        String school = world.schoolIds(district).get(0);
        world.unshareSchool(district, school);

        Event held = sync(district);
        String runId = held.text("runId");
        assertThat(held.text("status")).isEqualTo("held");
        assertThat(held.text("reason")).contains("would remove");
        long heldRemovals = held.value().at("/counts/removed").asLong();
        assertThat(heldRemovals).isGreaterThan(20);
        assertThat(changesOf(held)).noneMatch(c -> "removed".equals(c.text("changeType")));
        List<Event> markers = markers(runId);
        assertThat(markers).hasSize(1);
        assertThat(KafkaEventLog.countsOf(markers.get(0))).containsEntry("removed", 0L);

        given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/runs", district)
                .then().statusCode(200).body("find { it.runId == '%s' }.status".formatted(runId), is("held"))
                .body("find { it.runId == '%s' }.heldRemovals".formatted(runId), is((int) heldRemovals));

        given().auth().oauth2(Fixtures.supportToken()).contentType(ContentType.JSON).body("{\"reason\":\"school closed\"}")
                .post("/api/runs/{runId}/approve", runId).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(district, runId, "approved") != null);
        Event approved = status(district, runId, "approved");
        assertThat(approved.text("requestedBy")).isEqualTo("sam.support");
        assertThat(approved.value().at("/counts/removed").asLong()).isEqualTo(heldRemovals);
        List<Event> removals = log.changes(district, runId).stream().filter(c -> "removed".equals(c.text("changeType"))).toList();
        assertThat(removals).hasSize((int) heldRemovals);
        assertThat(removals).anySatisfy(c -> {
            assertThat(c.text("entityType")).isEqualTo("school");
            assertThat(c.text("entityId")).isEqualTo(school);
        });
        assertThat(markers(runId)).hasSize(2).last().satisfies(m -> assertThat(KafkaEventLog.countsOf(m)).containsEntry("removed", heldRemovals));

        // approving twice is refused; nothing is removed again
        given().auth().oauth2(Fixtures.supportToken()).post("/api/runs/{runId}/approve", runId)
                .then().statusCode(409).body("message", org.hamcrest.Matchers.containsString("approved"));
        // resharing brings them back
        world.shareSchool(district, school);
        Event back = sync(district);
        assertThat(back.text("status")).isEqualTo("completed");
        assertThat(KafkaEventLog.countsOf(back).get("restored")).isEqualTo(heldRemovals);
    }

    @Test
    void discardedRemovalsAreNotEmittedAndAreHeldAgainByTheNextRun() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Discarded", 1700, 61);
        sync(district);
        world.unshareSchool(district, world.schoolIds(district).get(1));
        Event held = sync(district);
        assertThat(held.text("status")).isEqualTo("held");
        String runId = held.text("runId");

        Fixtures.command("discard-held", district, runId, "dana.support", "district is fixing its SIS export");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(district, runId, "discarded") != null);
        assertThat(log.changes(district, runId)).noneMatch(c -> "removed".equals(c.text("changeType")));

        Event again = sync(district);
        assertThat(again.text("status")).isEqualTo("held");
        assertThat(again.value().at("/counts/removed").asLong()).isEqualTo(held.value().at("/counts/removed").asLong());
        assertThat(changesOf(again)).isEmpty();
    }

    @Test
    void supportEndpointsNeedASupportToken() {
        String district = "0123456789abcdef01234567";
        given().post("/api/districts/{id}/syncs", district).then().statusCode(401);
        given().auth().oauth2(Fixtures.staffToken()).post("/api/districts/{id}/syncs", district).then().statusCode(403);
        given().auth().oauth2(Fixtures.supportToken()).post("/api/districts/{id}/syncs", "not-a-district")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("24"));
        given().auth().oauth2(Fixtures.supportToken()).post("/api/districts/{id}/syncs", district)
                .then().statusCode(404).body("message", org.hamcrest.Matchers.containsString("not linked"));
        given().auth().oauth2(Fixtures.supportToken()).post("/api/runs/{id}/approve", java.util.UUID.randomUUID())
                .then().statusCode(404);
        given().auth().oauth2(Fixtures.supportToken()).post("/api/runs/{id}/discard", "nope").then().statusCode(400);
        given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/runs", district)
                .then().statusCode(200).body("size()", is(0));
    }

    @Test
    void aPausedDistrictIsNotSynced() {
        String district = sandbox().world().generateDistrict("Paused", 20, 71);
        Fixtures.link(links, district, "paused", sandbox().world().schoolIds(district));
        given().auth().oauth2(Fixtures.supportToken()).post("/api/districts/{id}/syncs", district)
                .then().statusCode(409).body("message", org.hamcrest.Matchers.containsString("paused"));
        given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/runs", district)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.not(hasItem("completed")));
    }

    private List<Event> markers(String runId) {
        return log.matching(e -> e.topic().equals("roster.changes") && runId.equals(e.text("runId"))
                && "roster.run-completed".equals(e.text("type")));
    }

    private Event status(String district, String runId, String status) {
        return log.runEvents(district).stream().filter(e -> runId.equals(e.text("runId")) && status.equals(e.text("status")))
                .findFirst().orElse(null);
    }
}
