package io.rosterbridge.fetcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.support.QueueDatabase;

/** One replica's coordinator on the shared run queue (a database of its own; DistrictQueueTest runs several replicas). */
class SyncCoordinatorTest {

    private static final String DISTRICT = "aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final DataSource DB = QueueDatabase.create("fetcher_coordinator_test");

    @BeforeEach
    void emptyQueue() {
        QueueDatabase.clear(DB);
    }

    /** A runner that blocks each run until released and records what ran. */
    private static final class GatedRunner extends SyncRunner {
        final List<String> ran = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final AtomicInteger concurrent = new AtomicInteger();
        volatile int maxConcurrent;

        GatedRunner() {
            super(null, null, null, null, null, null, config(1), null);
        }

        @Override
        public Outcome run(RunRequest request, java.util.function.Consumer<java.util.UUID> started) {
            int now = concurrent.incrementAndGet();
            maxConcurrent = Math.max(maxConcurrent, now);
            ran.add(request.trigger() + ":" + request.requestedBy());
            firstStarted.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
            return new Outcome(null, io.rosterbridge.fetcher.repository.RunStatus.COMPLETED, null, null);
        }
    }

    @Test
    void requestsDuringARunBecomeOneFollowUpRun() throws Exception {
        GatedRunner runner = new GatedRunner();
        SyncCoordinator coordinator = coordinator(runner);
        assertThat(coordinator.requestSync(new RunRequest(DISTRICT, "support", "ann", null))).isEqualTo(SyncCoordinator.Submission.STARTED);
        assertThat(runner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.requestSync(new RunRequest(DISTRICT, "support", "bob", null)))
                .isEqualTo(SyncCoordinator.Submission.FOLLOW_UP_QUEUED);
        assertThat(coordinator.requestSync(new RunRequest(DISTRICT, "nightly", null, null)))
                .isEqualTo(SyncCoordinator.Submission.ALREADY_QUEUED);
        runner.release.countDown();
        awaitIdle(coordinator);
        assertThat(runner.ran).containsExactly("support:ann", "follow-up:bob");
        assertThat(runner.maxConcurrent).isEqualTo(1);
        coordinator.stop();
    }

    @Test
    void decisionsOnHeldRunsWaitForTheRunningSyncAndGoBeforeTheFollowUp() throws Exception {
        GatedRunner runner = new GatedRunner();
        SyncCoordinator coordinator = coordinator(runner);
        coordinator.requestSync(new RunRequest(DISTRICT, "support", "ann", null));
        assertThat(runner.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        coordinator.requestSync(new RunRequest(DISTRICT, "support", "bob", null));
        coordinator.submitExclusive(DISTRICT, () -> runner.ran.add("approve"));
        assertThat(runner.ran).containsExactly("support:ann");
        runner.release.countDown();
        awaitIdle(coordinator);
        assertThat(runner.ran).containsExactly("support:ann", "approve", "follow-up:bob");
        coordinator.stop();
    }

    private static void awaitIdle(SyncCoordinator coordinator) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !coordinator.isBusy(DISTRICT));
    }

    private SyncCoordinator coordinator(GatedRunner runner) {
        return new SyncCoordinator(runner, config(4), FullSyncObserver.NONE, new DistrictWorkRepository(DB),
                new InterruptedRuns(new SyncRunRepository(DB), run -> { }), "replica-a");
    }

    private static FetcherConfig config(int threads) {
        return QueueDatabase.config(threads, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(100));
    }
}
