package io.rosterbridge.fetcher.service;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.rosterbridge.fetcher.config.FetcherConfig;

/**
 * At most one piece of work per district at a time. A sync requested while the district is busy is
 * coalesced into one follow-up run (however many requests arrive meanwhile); approvals and discards of
 * held runs wait for the running sync too, and go before the follow-up.
 */
@ApplicationScoped
public class SyncCoordinator {

    private static final Logger LOG = Logger.getLogger(SyncCoordinator.class);

    /** What became of a sync request. */
    public enum Submission { STARTED, FOLLOW_UP_QUEUED, ALREADY_QUEUED }

    private static final class Slot {
        RunRequest followUp;
        final ArrayDeque<Runnable> actions = new ArrayDeque<>();
    }

    private final SyncRunner runner;
    private final FullSyncObserver observer;
    private final ExecutorService executor;
    private final Map<String, Slot> busy = new HashMap<>();

    public SyncCoordinator(SyncRunner runner, FetcherConfig config, FullSyncObserver observer) {
        this.runner = runner;
        this.observer = observer;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.maxConcurrentRuns(), r -> {
            Thread t = new Thread(r, "sync-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Submission requestSync(RunRequest request) {
        String districtId = request.districtId();
        synchronized (busy) {
            Slot slot = busy.get(districtId);
            if (slot == null) {
                busy.put(districtId, new Slot());
                executor.execute(() -> drive(districtId, () -> fullSync(request)));
                return Submission.STARTED;
            }
            if (slot.followUp == null) {
                slot.followUp = request.asFollowUp();
                return Submission.FOLLOW_UP_QUEUED;
            }
            return Submission.ALREADY_QUEUED;
        }
    }

    /** Runs work that must not overlap a sync of the district (deciding a held run). */
    public void submitExclusive(String districtId, Runnable action) {
        synchronized (busy) {
            Slot slot = busy.get(districtId);
            if (slot == null) {
                busy.put(districtId, new Slot());
                executor.execute(() -> drive(districtId, action));
            } else {
                slot.actions.add(action);
            }
        }
    }

    /**
     * Runs work that must not overlap a sync of the district only if the district is idle now (an event poll: the
     * next tick tries again); returns whether it was started.
     */
    public boolean submitIfIdle(String districtId, Runnable action) {
        synchronized (busy) {
            if (busy.containsKey(districtId)) {
                return false;
            }
            busy.put(districtId, new Slot());
            executor.execute(() -> drive(districtId, action));
            return true;
        }
    }

    private void fullSync(RunRequest request) {
        observer.around(request.districtId(), () -> runner.run(request));
    }

    public boolean isBusy(String districtId) {
        synchronized (busy) {
            return busy.containsKey(districtId);
        }
    }

    private void drive(String districtId, Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Work for district %s failed", districtId);
            }
            synchronized (busy) {
                Slot slot = busy.get(districtId);
                next = slot.actions.poll();
                if (next == null && slot.followUp != null) {
                    RunRequest followUp = slot.followUp;
                    slot.followUp = null;
                    next = () -> fullSync(followUp);
                }
                if (next == null) {
                    busy.remove(districtId);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
