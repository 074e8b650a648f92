package io.rosterbridge.requests.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.contracts.syncruns.SyncRunEvent;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.repository.RunStatus;
import io.rosterbridge.requests.repository.SyncRun;
import io.rosterbridge.requests.service.TransactionRetry;
import io.rosterbridge.requests.support.KafkaTopics;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.RecordedEvents;
import io.rosterbridge.requests.support.Staff;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Issue 15, item 1: the fetcher's outcome (sync.runs) and the writer's signal (roster.applied) of a run
 * arrive on two channels, in either order or at the same moment, and must both land on the run: status
 * completed with the fetcher's counts, appliedAt and activeUsers from the writer, nothing left in progress.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class RunOutcomeRaceTest {

    private static final int RACES = 200;
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(2);

    @Inject
    SyncService sync;

    @Inject
    MeterRegistry metrics;

    /** What the fetcher and the writer report for run number {@code n}. */
    private record Outcome(UUID runId, String districtId, int n, Instant appliedAt) {

        Outcome(String districtId, int n) {
            this(UUID.randomUUID(), districtId, n, Instant.now().truncatedTo(ChronoUnit.MICROS));
        }

        ChangeCounts counts() {
            return new ChangeCounts(1 + n % 7, n % 5, n % 3, n % 2);
        }

        int fetchedUsers() {
            return 1_000 + n;
        }

        int activeUsers() {
            return 990 + n;
        }

        SyncRunEvent event(String status) {
            boolean completed = "completed".equals(status);
            SyncRunEvent.Fetched fetched = switch (status) {
                case "progress" -> new SyncRunEvent.Fetched(2L, fetchedUsers() / 2L);
                case "completed" -> new SyncRunEvent.Fetched(3L, (long) fetchedUsers());
                default -> null;
            };
            return new SyncRunEvent(1, UUID.randomUUID(), runId, districtId, status, "support", "staff:alice", Instant.now(),
                    fetched, completed ? counts() : null, completed ? 40L + n : null, null);
        }

        RosterAppliedEvent applied() {
            return new RosterAppliedEvent(1, UUID.randomUUID(), runId, districtId, appliedAt, false, counts(), (long) activeUsers());
        }
    }

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    @Test
    void completedAndAppliedProcessedAtTheSameMomentBothLand() throws Exception {
        Onboarding.District district = Onboarding.linked("Race USD");
        List<Outcome> runs = new ArrayList<>();
        for (int n = 0; n < RACES; n++) {
            Outcome run = new Outcome(district.districtId(), n);
            runs.add(run);
            sync.onRun(run.event("started"));
            sync.onRun(run.event("progress"));
            SyncRunEvent completed = run.event("completed");
            RosterAppliedEvent applied = run.applied();
            raceBoth(() -> sync.onRun(completed), () -> sync.onApplied(applied));
        }
        assertEveryRunLanded(district, runs);
    }

    @Test
    void eitherOrderAndAppliedBeforeTheFetchersFirstEventLand() {
        Onboarding.District district = Onboarding.linked("Order USD");
        List<Outcome> runs = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            Outcome run = new Outcome(district.districtId(), n);
            runs.add(run);
            switch (n % 3) {
                case 0 -> { // the fetcher's outcome, then the writer's signal
                    sync.onRun(run.event("started"));
                    sync.onRun(run.event("progress"));
                    sync.onRun(run.event("completed"));
                    sync.onApplied(run.applied());
                }
                case 1 -> { // the writer's signal before the fetcher's outcome
                    sync.onRun(run.event("started"));
                    sync.onRun(run.event("progress"));
                    sync.onApplied(run.applied());
                    sync.onRun(run.event("completed"));
                }
                default -> { // the writer's signal before the run's first sync.runs event (no row yet)
                    sync.onApplied(run.applied());
                    sync.onRun(run.event("started"));
                    sync.onRun(run.event("progress"));
                    sync.onRun(run.event("completed"));
                }
            }
            // A late progress event changes nothing.
            sync.onRun(run.event("progress"));
        }
        assertEveryRunLanded(district, runs);
    }

    /**
     * The same through the real topics and listeners: one producer plays the fetcher (started, progress,
     * completed of each run), another the writer, which sends a run's roster.applied as soon as its progress
     * is out, so it races the completed event on the other channel (every tenth run it does not wait, so its
     * signal comes before the run's first event).
     */
    @Test
    void throughTheTopicsEveryRunEndsCompletedAndApplied() throws Exception {
        Onboarding.District district = Onboarding.linked("Topics USD");
        String districtId = district.districtId();
        List<Outcome> runs = new ArrayList<>();
        Map<UUID, CountDownLatch> progressSent = new HashMap<>();
        for (int n = 0; n < 100; n++) {
            Outcome run = new Outcome(districtId, n);
            runs.add(run);
            progressSent.put(run.runId(), new CountDownLatch(1));
        }
        race(() -> {
            try (KafkaProducer<String, String> fetcher = producer()) {
                for (Outcome run : runs) {
                    send(fetcher, Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(run.runId(), districtId, "started", "support", null));
                    send(fetcher, Topics.SYNC_RUNS, districtId, progress(run));
                    progressSent.get(run.runId()).countDown();
                    send(fetcher, Topics.SYNC_RUNS, districtId, completed(run));
                }
            }
            return null;
        }, () -> {
            try (KafkaProducer<String, String> writer = producer()) {
                for (Outcome run : runs) {
                    if (run.n() % 10 != 0) {
                        progressSent.get(run.runId()).await(30, TimeUnit.SECONDS);
                    }
                    send(writer, Topics.ROSTER_APPLIED, districtId, applied(run));
                }
            }
            return null;
        });

        // A last run on each topic after all the others: once it is recorded, each listener is past every record before it.
        Outcome last = new Outcome(districtId, runs.size());
        runs.add(last);
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(last.runId(), districtId, "started", "support", null));
            send(producer, Topics.SYNC_RUNS, districtId, progress(last));
            send(producer, Topics.SYNC_RUNS, districtId, completed(last));
            send(producer, Topics.ROSTER_APPLIED, districtId, applied(last));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !landed(last)) {
            Thread.sleep(250);
        }
        assertEveryRunLanded(district, runs);
    }

    private void assertEveryRunLanded(Onboarding.District district, List<Outcome> runs) {
        Map<UUID, SyncRun> stored = read(runs);
        List<String> wrong = new ArrayList<>();
        for (Outcome run : runs) {
            SyncRun row = stored.get(run.runId());
            String problem = row == null ? "no row" : problem(run, row);
            if (problem != null) {
                wrong.add("run " + run.n() + " " + run.runId() + ": " + problem);
            }
        }
        long stuck = runs.stream().map(r -> stored.get(r.runId()))
                .filter(r -> r != null && (r.status == RunStatus.STARTED || r.status == RunStatus.PROGRESS)).count();
        System.out.printf("[run-outcomes] %d runs, %d stuck in progress, %d wrong; %.0f lost races retried so far%n", runs.size(), stuck,
                wrong.size(), metrics.counter(TransactionRetry.RETRIES_METRIC).count());
        assertThat(wrong).as("%d of %d runs (%d stuck in progress)", wrong.size(), runs.size(), stuck).isEmpty();
        given().auth().oauth2(Staff.support()).when().get("/api/support/integrations/" + district.requestId())
                .then().statusCode(200).body("runInProgress", is(false));
    }

    private static boolean landed(Outcome run) {
        SyncRun row = read(List.of(run)).get(run.runId());
        return row != null && row.status == RunStatus.COMPLETED && row.appliedAt != null;
    }

    private static String problem(Outcome run, SyncRun row) {
        ChangeCounts c = run.counts();
        List<String> problems = new ArrayList<>();
        if (row.status != RunStatus.COMPLETED) {
            problems.add("status " + row.status);
        }
        if (!List.of(c.created(), c.updated(), c.removed(), c.restored()).equals(Stream.of(
                row.createdCount, row.updatedCount, row.removedCount, row.restoredCount).map(n -> n == null ? null : n.longValue()).toList())) {
            problems.add("counts " + row.createdCount + "/" + row.updatedCount + "/" + row.removedCount + "/" + row.restoredCount);
        }
        if (!Integer.valueOf(run.fetchedUsers()).equals(row.fetchedUsers) || !Integer.valueOf(3).equals(row.fetchedSchools)) {
            problems.add("fetched " + row.fetchedSchools + "/" + row.fetchedUsers);
        }
        if (!run.appliedAt().equals(row.appliedAt) || !Integer.valueOf(run.activeUsers()).equals(row.activeUsers)) {
            problems.add("applied " + row.appliedAt + " with " + row.activeUsers + " active users");
        }
        if (!"support".equals(row.trigger) || row.finishedAt == null || row.startedAt == null || row.startedAt.isAfter(row.finishedAt)) {
            problems.add("trigger " + row.trigger + ", started " + row.startedAt + ", finished " + row.finishedAt);
        }
        return problems.isEmpty() ? null : String.join(", ", problems);
    }

    private static Map<UUID, SyncRun> read(List<Outcome> runs) {
        List<UUID> ids = runs.stream().map(Outcome::runId).toList();
        return QuarkusTransaction.requiringNew().call(() -> SyncRun.<SyncRun>list("runId in ?1", ids).stream()
                .collect(Collectors.toMap(r -> r.runId, Function.identity())));
    }

    /** Runs both on their own threads, let go by one latch, and waits for both; a failure of either fails the test. */
    private static void race(Callable<?>... sides) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (Callable<?> side : sides) {
            running.add(THREADS.submit(() -> {
                go.await();
                return side.call();
            }));
        }
        go.countDown();
        for (Future<?> side : running) {
            side.get(60, TimeUnit.SECONDS);
        }
    }

    private static void raceBoth(Runnable first, Runnable second) throws Exception {
        race(() -> {
            first.run();
            return null;
        }, () -> {
            second.run();
            return null;
        });
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    private static String progress(Outcome run) {
        return RecordedEvents.runEvent(run.runId(), run.districtId(), "progress", "support",
                "\"fetched\":{\"schools\":2,\"users\":" + run.fetchedUsers() / 2 + "}");
    }

    private static String completed(Outcome run) {
        return RecordedEvents.runEvent(run.runId(), run.districtId(), "completed", "support",
                "\"fetched\":{\"schools\":3,\"users\":" + run.fetchedUsers() + "}," + counts(run.counts()));
    }

    private static String counts(ChangeCounts c) {
        return RecordedEvents.counts(c.created(), c.updated(), c.removed(), c.restored());
    }

    private static String applied(Outcome run) {
        String json = "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"runId\":\"" + run.runId()
                + "\",\"districtId\":\"" + run.districtId() + "\",\"appliedAt\":\"" + run.appliedAt() + "\",\"fullSnapshot\":false,"
                + counts(run.counts()) + ",\"activeUsers\":" + run.activeUsers() + "}";
        EventContracts.assertConforms("roster-applied", json);
        return json;
    }
}
