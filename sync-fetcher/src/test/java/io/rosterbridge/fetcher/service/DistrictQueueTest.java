package io.rosterbridge.fetcher.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunResult;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;
import io.rosterbridge.fetcher.support.QueueDatabase;

/**
 * The run queue shared by replicas (district_work): several coordinators, each its own replica, on one database. One run
 * per district across them, takeover of a dead replica's district, small districts first, per-district back-off.
 */
class DistrictQueueTest {

    private static final DataSource DB = QueueDatabase.create("fetcher_queue_test");
    private static final Duration LEASE = Duration.ofMillis(800);
    private static final Duration RENEW = Duration.ofMillis(200);

    private final DistrictWorkRepository work = new DistrictWorkRepository(DB);
    private final SyncRunRepository runs = new SyncRunRepository(DB);
    /** The ends of interrupted runs the replicas published (sync.runs in the service). */
    private final List<RunRow> publishedEnds = new CopyOnWriteArrayList<>();
    private final List<SyncCoordinator> replicas = new ArrayList<>();

    /** Runs shared by every replica of a test: who ran what, how many at once per district, and a gate runs wait at. */
    private final class Runs {
        final List<String> ran = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch started = new CountDownLatch(1);

        SyncRunner runner(String replica) {
            return new SyncRunner(null, null, null, null, null, null, config(1, Duration.ofMinutes(1)), null) {
                @Override
                public Outcome run(RunRequest request, Consumer<UUID> onStarted) {
                    String district = request.districtId();
                    if (active.computeIfAbsent(district, d -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    UUID runId = UUID.randomUUID();
                    runs.start(runId, district, request.trigger(), request.requestedBy(), request.reason(), Instant.now());
                    onStarted.accept(runId);
                    ran.add(replica + ":" + district + ":" + request.trigger());
                    started.countDown();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        active.get(district).decrementAndGet();
                    }
                    RunStatus status = failing.contains(district) ? RunStatus.FAILED : RunStatus.COMPLETED;
                    runs.finish(runId, new RunResult(status, Instant.now(), 1, 10, 10, 0, 0, 0, 0, null));
                    return new Outcome(runId, status, ChangeCounts.NONE, null);
                }
            };
        }
    }

    @BeforeEach
    void emptyQueue() {
        QueueDatabase.clear(DB);
    }

    @AfterEach
    void stopReplicas() {
        replicas.forEach(SyncCoordinator::stop);
    }

    @Test
    void twoReplicasNeverRunOneDistrictAtOnceAndKeepEachOthersLeasesWhileTheyRenew() {
        Runs shared = new Runs();
        shared.gate = new CountDownLatch(1);
        SyncCoordinator a = replica("replica-a", shared, 2, Duration.ofMinutes(1));
        SyncCoordinator b = replica("replica-b", shared, 2, Duration.ofMinutes(1));
        String district = "d00000000000000000000001";
        String other = "d00000000000000000000002";

        assertThat(a.requestSync(new RunRequest(district, "support", "ann", null))).isEqualTo(SyncCoordinator.Submission.STARTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.ran.size() == 1);
        // the run outlives several leases: its holder renews, so the other replica neither runs nor polls the district
        assertThat(b.requestSync(new RunRequest(district, "support", "bob", null))).isEqualTo(SyncCoordinator.Submission.FOLLOW_UP_QUEUED);
        assertThat(a.requestSync(new RunRequest(district, "nightly", null, null))).isEqualTo(SyncCoordinator.Submission.ALREADY_QUEUED);
        List<String> decided = new CopyOnWriteArrayList<>();
        b.submitExclusive(district, () -> decided.add("approve"));
        b.requestSync(new RunRequest(other, "support", "cy", null));
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.ran.size() == 2); // the other district is not held up
        await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(4)).until(() -> !a.submitIfIdle(district, () -> decided.add("poll a"))
                && !b.submitIfIdle(district, () -> decided.add("poll b")) && shared.ran.size() == 2 && decided.isEmpty());

        shared.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.isBusy(district) && !b.isBusy(district) && !a.isBusy(other));
        assertThat(shared.overlaps).hasValue(0);
        assertThat(shared.ran).filteredOn(r -> r.contains(district)).extracting(r -> r.substring(r.lastIndexOf(':') + 1))
                .containsExactly("support", "follow-up");
        assertThat(decided).containsExactly("approve");
        // idle now: a poll holds the district on whichever replica asks
        CountDownLatch polled = new CountDownLatch(1);
        assertThat(b.submitIfIdle(district, polled::countDown)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> polled.getCount() == 0);
    }

    @Test
    void aDeadReplicasDistrictIsTakenOverOnceItsLeaseLapsesAndItsRunEndsFailed() {
        String district = "d00000000000000000000003";
        work.enqueue(district, "nightly", null, null);
        // a replica claims the district, starts its run and dies (kill -9: no renewal, no release, its run row left running)
        assertThat(work.claim("dead-replica", LEASE)).get().extracting(c -> c.districtId()).isEqualTo(district);
        UUID interrupted = UUID.randomUUID();
        runs.start(interrupted, district, "nightly", null, null, Instant.now());
        work.runStarted(district, "dead-replica", interrupted);
        Instant died = Instant.now();

        Runs shared = new Runs();
        SyncCoordinator survivor = replica("survivor", shared, 1, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !survivor.isBusy(district));

        assertThat(shared.ran).containsExactly("survivor:" + district + ":nightly");
        List<RunRow> rows = runs.recent(district, 10);
        assertThat(rows).hasSize(2);
        RunRow dead = runs.find(interrupted).orElseThrow();
        assertThat(dead.status()).isEqualTo(RunStatus.FAILED);
        assertThat(dead.statusReason()).startsWith("interrupted");
        // and its end is published, so integration-requests does not show it running forever
        assertThat(publishedEnds).extracting(RunRow::runId).containsExactly(interrupted);
        assertThat(publishedEnds.get(0).status()).isEqualTo(RunStatus.FAILED);
        RunRow rerun = rows.get(0);
        assertThat(rerun.runId()).isNotEqualTo(interrupted);
        assertThat(rerun.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(rerun.trigger()).isEqualTo("nightly");
        assertThat(rerun.startedAt()).isAfterOrEqualTo(died.plus(LEASE).minusMillis(50)); // not before the lease lapsed
    }

    @Test
    void aDistrictTakenOverAfterItsRunEndedIsNotRunAgainAndTheRunsEndIsPublishedAgain() {
        String completed = "d00000000000000000000008";
        String held = "d00000000000000000000009";
        String interrupted = "d00000000000000000000010";
        // a replica runs both districts to their end and dies before it finishes the work (kill -9 right after the run)
        UUID completedRun = runToItsEndAndDie(completed, new RunResult(RunStatus.COMPLETED, Instant.now(), 1, 10, 10, 0, 0, 0, 0, null));
        UUID heldRun = runToItsEndAndDie(held, new RunResult(RunStatus.HELD, Instant.now(), 1, 10, 0, 0, 0, 0, 7, "too many removals"));
        // and a third it died in the middle of, whose run a restart already closed as interrupted: that one runs again
        UUID interruptedRun = runToItsEndAndDie(interrupted,
                new RunResult(RunStatus.FAILED, Instant.now(), 0, 0, 0, 0, 0, 0, 0, SyncRunRepository.INTERRUPTED));

        Runs shared = new Runs();
        List<String> afterTakeover = new CopyOnWriteArrayList<>();
        FullSyncObserver observer = new FullSyncObserver() {
            @Override
            public SyncRunner.Outcome around(String districtId, java.util.function.Supplier<SyncRunner.Outcome> sync) {
                return sync.get();
            }

            @Override
            public void afterTakeover(String districtId, UUID runId, RunStatus status) {
                afterTakeover.add(runId + ":" + status.code());
            }
        };
        SyncCoordinator survivor = replica("survivor", shared, observer, 1, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !survivor.isBusy(completed) && !survivor.isBusy(held)
                && !survivor.isBusy(interrupted));

        assertThat(shared.ran).as("an ended run is not run again; an interrupted one is").containsExactly("survivor:" + interrupted + ":nightly");
        assertThat(runs.recent(interrupted, 10)).hasSize(2).last().extracting(RunRow::runId).isEqualTo(interruptedRun);
        assertThat(runs.recent(completed, 10)).extracting(RunRow::runId).containsExactly(completedRun);
        assertThat(runs.find(completedRun).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(runs.find(heldRun).orElseThrow().status()).isEqualTo(RunStatus.HELD);
        // the dead replica may have died before publishing the end: it goes out again, as stored
        assertThat(publishedEnds).extracting(r -> r.runId() + ":" + r.status().code())
                .containsExactlyInAnyOrder(completedRun + ":completed", heldRun + ":held");
        assertThat(afterTakeover).containsExactlyInAnyOrder(completedRun + ":completed", heldRun + ":held");
        // the work is finished: nothing running, nothing queued, no back-off, and the next request starts a new run
        assertThat(work.claim("replica-x", LEASE)).isEmpty();
        assertThat(survivor.requestSync(new RunRequest(completed, "support", "ann", null))).isEqualTo(SyncCoordinator.Submission.STARTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.ran.size() == 2 && !survivor.isBusy(completed));
        assertThat(shared.ran).last().isEqualTo("survivor:" + completed + ":support");
    }

    @Test
    void withOneWorkerTheSmallDistrictStartsBeforeTheBigOneQueuedEarlier() {
        String big = "d00000000000000000000004";
        String small = "d00000000000000000000005";
        finishedRunOf(big, 100_000);
        finishedRunOf(small, 500);
        work.enqueue(big, "nightly", null, null);
        work.enqueue(small, "nightly", null, null);

        Runs shared = new Runs();
        SyncCoordinator only = replica("only", shared, 1, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.ran.size() == 2 && !only.isBusy(big));
        assertThat(shared.ran).containsExactly("only:" + small + ":nightly", "only:" + big + ":nightly");
    }

    @Test
    void aFailedDistrictBacksOffWithoutHoldingAWorkerWhileOthersRun() throws SQLException {
        String failing = "d00000000000000000000006";
        String healthy = "d00000000000000000000007";
        Runs shared = new Runs();
        shared.failing.add(failing);
        SyncCoordinator only = replica("only", shared, 1, Duration.ofMinutes(10));

        only.requestSync(new RunRequest(failing, "nightly", null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.ran.size() == 1 && !only.isBusy(failing));
        assertThat(backoffSeconds(failing)).isBetween(590L, 600L);

        only.requestSync(new RunRequest(failing, "support", "ann", null));
        only.requestSync(new RunRequest(healthy, "nightly", null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> shared.ran.size() == 2 && !only.isBusy(healthy));
        assertThat(shared.ran).containsExactly("only:" + failing + ":nightly", "only:" + healthy + ":nightly");
        assertThat(only.isBusy(failing)).as("still queued, waiting out its back-off").isTrue();

        // each failure in a row doubles the wait, up to the cap (8 x initial here); a success clears it
        for (int i = 0; i < 4; i++) {
            assertThat(work.claim("replica-x", LEASE)).isEmpty(); // the queued retry is not due yet
            forceRunning(failing);
            work.finishFailedRun(failing, "replica-x", Duration.ofMinutes(10), Duration.ofMinutes(80));
            work.release(failing, "replica-x");
        }
        assertThat(backoffSeconds(failing)).isBetween(80 * 60 - 10L, 80 * 60L);
        forceRunning(failing);
        work.finishRun(failing, "replica-x");
        assertThat(backoffSeconds(failing)).isNull();
    }

    private SyncCoordinator replica(String name, Runs shared, int workers, Duration backoff) {
        return replica(name, shared, FullSyncObserver.NONE, workers, backoff);
    }

    private SyncCoordinator replica(String name, Runs shared, FullSyncObserver observer, int workers, Duration backoff) {
        SyncCoordinator coordinator = new SyncCoordinator(shared.runner(name), config(workers, backoff), observer, work,
                new InterruptedRuns(runs, publishedEnds::add), name);
        replicas.add(coordinator);
        return coordinator;
    }

    /** A replica claims the district's queued nightly sync and runs it to {@code end}; it dies before finishing the work. */
    private UUID runToItsEndAndDie(String district, RunResult end) {
        work.enqueue(district, "nightly", null, null);
        assertThat(work.claim("dead-replica", LEASE)).get().extracting(c -> c.districtId()).isEqualTo(district);
        UUID runId = UUID.randomUUID();
        runs.start(runId, district, "nightly", null, null, Instant.now());
        work.runStarted(district, "dead-replica", runId);
        runs.finish(runId, end);
        return runId;
    }

    private static FetcherConfig config(int workers, Duration backoff) {
        return QueueDatabase.config(workers, LEASE, RENEW, backoff);
    }

    private void finishedRunOf(String district, long users) {
        UUID runId = UUID.randomUUID();
        runs.start(runId, district, "nightly", null, null, Instant.now());
        runs.finish(runId, new RunResult(RunStatus.COMPLETED, Instant.now(), 1, users, users, 0, 0, 0, 0, null));
    }

    /** Puts the district in the hands of replica-x as if it claimed and ran it. */
    private void forceRunning(String district) throws SQLException {
        try (Connection c = DB.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE district_work SET owner = 'replica-x', lease_until = now() + interval '1 minute', running_trigger = 'nightly' "
                        + "WHERE district_id = ?")) {
            ps.setString(1, district);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** Seconds until the district's next run may start, null without back-off. */
    private static Long backoffSeconds(String district) throws SQLException {
        try (Connection c = DB.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT extract(epoch FROM not_before - now())::bigint FROM district_work WHERE district_id = ?")) {
            ps.setString(1, district);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long seconds = rs.getLong(1);
                return rs.wasNull() ? null : seconds;
            }
        }
    }
}
