package io.rosterbridge.fetcher.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository.Claim;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;

/**
 * At most one piece of work per district at a time across every replica. Full syncs go through the queue all replicas
 * share (district_work): this replica's fetcher.max-concurrent-runs workers claim the smallest queued district first and
 * hold its lease while it runs, renewing it; a replica that dies stops renewing and another takes its district over and
 * runs it again, or only finishes the work if the run had ended before its holder died. A sync requested while the
 * district is busy is coalesced into one follow-up run (however many requests arrive meanwhile); approvals and discards
 * of held runs and event polls stay on the replica that got them, but hold the district's lease too. Decisions wait for
 * the running sync and go before the follow-up.
 */
@Startup
@ApplicationScoped
public class SyncCoordinator {

    private static final Logger LOG = Logger.getLogger(SyncCoordinator.class);

    /** What became of a sync request. */
    public enum Submission { STARTED, FOLLOW_UP_QUEUED, ALREADY_QUEUED }

    /** Work this replica holds a district's lease for: a claimed full sync, then the decisions waiting here. */
    private record Job(String districtId, RunRequest fullSync, Runnable first) {
    }

    private final SyncRunner runner;
    private final FullSyncObserver observer;
    private final DistrictWorkRepository work;
    private final InterruptedRuns interruptedRuns;
    private final FetcherConfig config;
    private final String replicaId;
    private final ExecutorService pool;
    private final Semaphore freeWorkers;
    private final ScheduledExecutorService clock;
    /** Decisions on held runs waiting for their district's lease, in arrival order. */
    private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();
    /** The districts this replica holds and the thread working on each. */
    private final Map<String, Optional<Thread>> held = new ConcurrentHashMap<>();

    @Inject
    public SyncCoordinator(SyncRunner runner, FetcherConfig config, FullSyncObserver observer, DistrictWorkRepository work,
            InterruptedRuns interruptedRuns) {
        this(runner, config, observer, work, interruptedRuns, config.lease().replicaId().orElseGet(SyncCoordinator::defaultReplicaId));
    }

    /** One replica named {@code replicaId} (tests run several against one database). */
    public SyncCoordinator(SyncRunner runner, FetcherConfig config, FullSyncObserver observer, DistrictWorkRepository work,
            InterruptedRuns interruptedRuns, String replicaId) {
        this.runner = runner;
        this.observer = observer;
        this.work = work;
        this.interruptedRuns = interruptedRuns;
        this.config = config;
        this.replicaId = replicaId;
        // A process of this replica that died before this one started held these; nobody works on them now.
        work.releaseAll(replicaId);
        int workers = config.maxConcurrentRuns();
        this.freeWorkers = new Semaphore(workers);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> daemon(r, "sync-run-" + n.incrementAndGet()));
        this.clock = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sync-queue"));
        long poll = config.lease().pollInterval().toMillis();
        long renew = config.lease().renewInterval().toMillis();
        clock.scheduleWithFixedDelay(this::dispatch, 0, poll, TimeUnit.MILLISECONDS);
        clock.scheduleWithFixedDelay(this::heartbeat, renew, renew, TimeUnit.MILLISECONDS);
        LOG.infof("Sync queue worker %s: %d workers", replicaId, workers);
    }

    public Submission requestSync(RunRequest request) {
        var queued = work.enqueue(request.districtId(), request.trigger(), request.requestedBy(), request.reason());
        wake();
        return Submission.valueOf(queued.name());
    }

    /** Runs work that must not overlap a sync of the district (deciding a held run), on this replica. */
    public void submitExclusive(String districtId, Runnable action) {
        synchronized (waiting) {
            waiting.computeIfAbsent(districtId, d -> new ArrayDeque<>()).add(action);
        }
        work.markActionsWaiting(List.of(districtId), config.lease().duration());
        wake();
    }

    /**
     * Runs work that must not overlap a sync of the district only if the district is idle now and a worker of this
     * replica is free (an event poll: the next tick tries again); returns whether it was started.
     */
    public boolean submitIfIdle(String districtId, Runnable action) {
        if (!freeWorkers.tryAcquire()) {
            return false;
        }
        boolean started = false;
        try {
            synchronized (waiting) {
                if (waiting.containsKey(districtId)) {
                    return false;
                }
            }
            if (work.acquire(districtId, replicaId, config.lease().duration(), true)) {
                held.put(districtId, Optional.empty());
                pool.execute(() -> runJob(new Job(districtId, null, action)));
                started = true;
            }
            return started;
        } finally {
            if (!started) {
                freeWorkers.release();
            }
        }
    }

    public boolean isBusy(String districtId) {
        synchronized (waiting) {
            if (waiting.containsKey(districtId)) {
                return true;
            }
        }
        return work.busy(districtId);
    }

    /** Hands free workers the next jobs: decisions waiting here first, then the queue's next district. */
    private void dispatch() {
        try {
            while (freeWorkers.tryAcquire()) {
                Job job;
                try {
                    job = nextJob();
                } catch (RuntimeException e) {
                    freeWorkers.release();
                    throw e;
                }
                if (job == null) {
                    freeWorkers.release();
                    return;
                }
                pool.execute(() -> runJob(job));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Sync queue worker %s could not take work: %s", replicaId, e.getMessage());
        }
    }

    private Job nextJob() {
        List<String> decisions;
        synchronized (waiting) {
            decisions = List.copyOf(waiting.keySet());
        }
        for (String districtId : decisions) {
            if (!held.containsKey(districtId) && work.acquire(districtId, replicaId, config.lease().duration(), false)) {
                held.put(districtId, Optional.empty());
                return new Job(districtId, null, null);
            }
        }
        Optional<Claim> claim = work.claim(replicaId, config.lease().duration());
        if (claim.isEmpty()) {
            return null;
        }
        String districtId = claim.get().districtId();
        held.put(districtId, Optional.empty());
        if (claim.get().takeover()) {
            Optional<RunRow> ended = interruptedRuns.takeOver(districtId, claim.get().startedRun());
            if (ended.isPresent()) {
                finishEndedRun(ended.get());
                return new Job(districtId, null, null);
            }
        }
        var request = claim.get().request();
        return new Job(districtId, new RunRequest(districtId, request.trigger(), request.requestedBy(), request.reason()), null);
    }

    private void runJob(Job job) {
        String districtId = job.districtId();
        held.put(districtId, Optional.of(Thread.currentThread()));
        try {
            if (job.first() != null) {
                runSafely(districtId, job.first());
            }
            if (job.fullSync() != null) {
                fullSync(job.fullSync());
            }
            runWaitingDecisions(districtId);
        } finally {
            synchronized (held) {
                held.remove(districtId);
                Thread.interrupted(); // a lost lease's interrupt must not reach the next job on this thread
            }
            try {
                work.release(districtId, replicaId);
            } catch (RuntimeException e) {
                LOG.warnf("Could not release district %s (its lease lapses by itself): %s", districtId, e.getMessage());
            }
            freeWorkers.release();
            wake();
        }
    }

    /** The lapsed holder died after its run ended and before it finished the work: finish it as the holder would have. */
    private void finishEndedRun(RunRow run) {
        String districtId = run.districtId();
        LOG.warnf("District %s taken over from a replica whose lease lapsed after its run %s ended %s; not running it again",
                districtId, run.runId(), run.status().code());
        if (run.status() == RunStatus.FAILED) {
            work.finishFailedRun(districtId, replicaId, config.backoff().initial(), config.backoff().max());
        } else {
            work.finishRun(districtId, replicaId);
        }
        try {
            observer.afterTakeover(districtId, run.runId(), run.status());
        } catch (RuntimeException e) {
            LOG.warnf("District %s: after taking over ended run %s: %s", districtId, run.runId(), e.getMessage());
        }
    }

    private void fullSync(RunRequest request) {
        String districtId = request.districtId();
        boolean failed = true;
        try {
            SyncRunner.Outcome outcome = observer.around(districtId,
                    () -> runner.run(request, runId -> work.runStarted(districtId, replicaId, runId)));
            failed = outcome == null || outcome.status() == RunStatus.FAILED;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Work for district %s failed", districtId);
        }
        if (failed) {
            work.finishFailedRun(districtId, replicaId, config.backoff().initial(), config.backoff().max());
        } else {
            work.finishRun(districtId, replicaId);
        }
    }

    private void runWaitingDecisions(String districtId) {
        while (true) {
            Runnable next;
            synchronized (waiting) {
                ArrayDeque<Runnable> actions = waiting.get(districtId);
                next = actions == null ? null : actions.poll();
                if (actions != null && actions.isEmpty()) {
                    waiting.remove(districtId);
                }
            }
            if (next == null) {
                return;
            }
            runSafely(districtId, next);
            synchronized (waiting) {
                if (!waiting.containsKey(districtId)) {
                    work.clearActionsWaiting(districtId);
                }
            }
        }
    }

    private static void runSafely(String districtId, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Work for district %s failed", districtId);
        }
    }

    /** Renews this replica's leases; a district another replica took over meanwhile has its work here interrupted. */
    private void heartbeat() {
        try {
            Set<String> mine = Set.copyOf(held.keySet());
            if (!mine.isEmpty()) {
                Set<String> renewed = work.renew(replicaId, mine, config.lease().duration());
                for (String districtId : mine) {
                    if (!renewed.contains(districtId)) {
                        interruptLost(districtId);
                    }
                }
            }
            List<String> decisions;
            synchronized (waiting) {
                decisions = List.copyOf(waiting.keySet());
            }
            if (!decisions.isEmpty()) {
                work.markActionsWaiting(decisions, config.lease().duration());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Sync queue worker %s could not renew its leases: %s", replicaId, e.getMessage());
        }
    }

    private void interruptLost(String districtId) {
        synchronized (held) {
            Optional<Thread> worker = held.get(districtId);
            if (worker != null && worker.isPresent()) {
                LOG.warnf("Lease on district %s lost (renewed too late); stopping the work on it here", districtId);
                worker.get().interrupt();
            }
        }
    }

    /** Lets the dispatcher look for work now instead of at its next tick. */
    private void wake() {
        try {
            clock.execute(this::dispatch);
        } catch (RejectedExecutionException e) {
            // stopping: nothing more is dispatched
        }
    }

    public String replicaId() {
        return replicaId;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * The host and HTTP port: unique among live processes, and the same for a process restarted in its place (a pod's
     * container, the local stack), which then frees its predecessor's districts at once instead of after their leases.
     */
    private static String defaultReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "fetcher-" + UUID.randomUUID().toString().substring(0, 8);
        }
        return host + ":" + ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
    }

    /** Stops this replica's workers; its leases lapse at once so another replica takes its districts over. */
    @PreDestroy
    public void stop() {
        clock.shutdownNow();
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
            clock.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            work.releaseAll(replicaId);
        } catch (RuntimeException e) {
            LOG.warnf("Could not hand this replica's districts over (their leases lapse by themselves): %s", e.getMessage());
        }
    }
}
