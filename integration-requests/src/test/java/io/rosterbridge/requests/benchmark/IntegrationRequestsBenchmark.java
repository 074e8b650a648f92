package io.rosterbridge.requests.benchmark;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.messaging.OutboxRelay;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.repository.RunStatus;
import io.rosterbridge.requests.repository.SyncRun;
import io.rosterbridge.requests.support.KafkaTopics;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.RecordedEvents;
import io.rosterbridge.requests.support.Staff;
import io.rosterbridge.requests.support.TestData;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Not part of the normal test run: {@code ./mvnw -B -o -pl integration-requests verify -Pbenchmark}.
 * Measures intake latency and the outbox relay lag, the sharing check of a large district against
 * the sandbox, and how fast sync.runs events are applied. Writes target/benchmark/integration-requests.md.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class IntegrationRequestsBenchmark {

    private static final int SUBMISSIONS = 200;
    private static final int LARGE_DISTRICT_USERS = 50_000;
    private static final int RUNS = 100;
    private static final int EVENTS_PER_RUN = 5;

    @Inject
    OutboxRelay relay;

    private final List<String> results = new ArrayList<>();

    @Test
    void measure() throws IOException {
        intake();
        sharingCheck();
        runEvents();
        Path out = Path.of("target", "benchmark", "integration-requests.md");
        Files.createDirectories(out.getParent());
        String report = "# integration-requests benchmark, " + Instant.now() + "\n\n" + String.join("\n", results) + "\n";
        Files.writeString(out, report);
        System.out.println(report);
    }

    private void intake() {
        // Warm-up: the first requests pay for class loading and connection pools.
        for (int i = 0; i < 20; i++) {
            submit(TestData.unique("Warmup"));
        }
        Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> relay.pending() == 0);
        List<Long> micros = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < SUBMISSIONS; i++) {
            long t = System.nanoTime();
            submit(TestData.unique("Bench District"));
            micros.add((System.nanoTime() - t) / 1000);
        }
        long submitted = System.nanoTime();
        Awaitility.await().atMost(120, TimeUnit.SECONDS).pollInterval(java.time.Duration.ofMillis(20)).until(() -> relay.pending() == 0);
        long relayed = System.nanoTime();
        Collections.sort(micros);
        results.add(String.format("- intake: %d sequential JSON submissions in %.1f s (%.0f/s); latency p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                SUBMISSIONS, (submitted - start) / 1e9, SUBMISSIONS / ((submitted - start) / 1e9),
                micros.get(micros.size() / 2) / 1000.0, micros.get(micros.size() * 95 / 100) / 1000.0, micros.get(micros.size() - 1) / 1000.0));
        results.add(String.format("- outbox: every submitted event acknowledged by Kafka %.0f ms after the last submission", (relayed - submitted) / 1e6));
    }

    private void submit(String name) {
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON)
                .body(TestData.intakeJson(name, "bench@district.org"))
                .when().post("/api/requests").then().statusCode(201);
    }

    private void sharingCheck() {
        String name = TestData.unique("Large District");
        long generate = System.nanoTime();
        Onboarding.District district = Onboarding.submit(Onboarding.generate(name, LARGE_DISTRICT_USERS), name);
        long start = System.nanoTime();
        Onboarding.check(district);
        long checked = System.nanoTime();
        results.add(String.format("- sharing check: %d-user district (%d schools), connect + count every role through the Data API: %.2f s"
                + " (sandbox generation %.1f s, not counted)", LARGE_DISTRICT_USERS, district.schools().size(), (checked - start) / 1e9,
                (start - generate) / 1e9));
        given().auth().oauth2(Staff.support()).when().get("/api/support/integrations/" + district.requestId())
                .then().statusCode(200).body("state", org.hamcrest.Matchers.is("shared"));
    }

    private void runEvents() {
        String districtId = Onboarding.linked("Runs District").districtId();
        List<UUID> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (int r = 0; r < RUNS; r++) {
            UUID run = UUID.randomUUID();
            runs.add(run);
            KafkaTopics.send(Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(run, districtId, "started", "nightly", null));
            for (int p = 0; p < EVENTS_PER_RUN - 2; p++) {
                KafkaTopics.send(Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(run, districtId, "progress", "nightly",
                        "\"fetched\":{\"schools\":1,\"users\":" + p + "}"));
            }
            KafkaTopics.send(Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(run, districtId, "completed", "nightly",
                    RecordedEvents.counts(1, 0, 0, 0)));
        }
        long sent = System.nanoTime();
        UUID last = runs.get(runs.size() - 1);
        Awaitility.await().atMost(120, TimeUnit.SECONDS).pollInterval(java.time.Duration.ofMillis(50)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> {
                    SyncRun run = SyncRun.findById(last);
                    return run != null && run.status == RunStatus.COMPLETED;
                }));
        long applied = System.nanoTime();
        results.add(String.format("- sync.runs: %d events (%d runs) published one by one in %.1f s; all applied %.0f ms after the last was acknowledged",
                RUNS * EVENTS_PER_RUN, RUNS, (sent - start) / 1e9, (applied - sent) / 1e6));
    }
}
