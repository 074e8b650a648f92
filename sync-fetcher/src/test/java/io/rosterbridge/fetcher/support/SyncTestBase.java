package io.rosterbridge.fetcher.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import io.restassured.http.ContentType;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** Shared steps of the sync tests: link a district, run a sync through the support API, read what it emitted. */
public abstract class SyncTestBase {

    @Inject
    protected LinkedDistrictRepository links;

    protected final KafkaEventLog log = KafkaEventLog.get();

    protected static CleverSandbox sandbox() {
        return CleverSandboxTestResource.sandbox();
    }

    @AfterEach
    void clearFaultsAndCheckContracts() {
        sandbox().world().faults().clear();
        assertThat(log.violations()).as("every message conforms to docs/events").isEmpty();
    }

    /** A generated, connected district with everything shared and every school licensed. */
    protected String linkedDistrict(String name, int users, long seed) {
        String districtId = sandbox().world().generateDistrict(name, users, seed);
        Fixtures.link(links, districtId, "active", sandbox().world().schoolIds(districtId));
        return districtId;
    }

    /** Asks for a sync through the support API and waits for the run to end; returns its final sync.runs event. */
    protected Event sync(String districtId) {
        int before = log.finishedRuns(districtId).size();
        given().auth().oauth2(Fixtures.supportToken()).contentType(ContentType.JSON).body("{\"reason\":\"test\"}")
                .post("/api/districts/{id}/syncs", districtId)
                .then().statusCode(202);
        return awaitFinishedRun(districtId, before);
    }

    protected Event awaitFinishedRun(String districtId, int finishedBefore) {
        await().atMost(Duration.ofSeconds(60)).until(() -> log.finishedRuns(districtId).size() > finishedBefore);
        List<Event> finished = log.finishedRuns(districtId);
        return finished.get(finishedBefore);
    }

    /** The run's changes (not the marker), after its run-completed marker arrived. */
    protected List<Event> changesOf(Event run) {
        return log.changes(run.key(), run.text("runId"));
    }

    protected Event markerOf(Event run) {
        List<Event> markers = log.matching(e -> e.topic().equals("roster.changes") && run.text("runId").equals(e.text("runId"))
                && "roster.run-completed".equals(e.text("type")));
        assertThat(markers).hasSize(1);
        return markers.get(0);
    }
}
