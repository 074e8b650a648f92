package io.rosterbridge.fetcher.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.syncruns.SyncRunEvent.Fetched;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;

/**
 * Closes runs whose fetcher stopped mid-run as failed (they removed nobody) and publishes each one's end on sync.runs,
 * so integration-requests and support see the run end instead of "running" forever. At start: the runs of districts no
 * replica holds a live lease on. On a takeover (SyncCoordinator): the district's runs, before it runs again; unless the
 * lapsed holder's run had already ended, which is then not run again.
 */
@ApplicationScoped
public class InterruptedRuns {

    private static final Logger LOG = Logger.getLogger(InterruptedRuns.class);

    private final SyncRunRepository runs;
    private final Consumer<RunRow> publishEnd;

    @Inject
    public InterruptedRuns(SyncRunRepository runs, EventSender sender) {
        this(runs, run -> publishEnd(sender, run));
    }

    /** With {@code publishEnd} instead of sync.runs (tests of the queue without a broker). */
    InterruptedRuns(SyncRunRepository runs, Consumer<RunRow> publishEnd) {
        this.runs = runs;
        this.publishEnd = publishEnd;
    }

    /**
     * A stored run's end as its runner published it: the run-completed marker of a completed or held run on
     * roster.changes, then its status on sync.runs (an interrupted run's changes are unknown).
     */
    private static void publishEnd(EventSender sender, RunRow run) {
        RunEvents events = new RunEvents(sender, run.runId(), run.districtId(), run.trigger());
        Fetched fetched = new Fetched(run.fetchedSchools(), run.fetchedUsers());
        if (SyncRunRepository.INTERRUPTED.equals(run.statusReason())) {
            events.status(RunStatus.FAILED, run.requestedBy(), fetched, null, null, SyncRunRepository.INTERRUPTED);
            return;
        }
        ChangeCounts emitted = new ChangeCounts(run.created(), run.updated(), run.removed(), run.restored());
        if (run.status() == RunStatus.COMPLETED || run.status() == RunStatus.HELD) {
            events.rosterCompleted(run.status(), emitted);
        }
        // a held run's end counts the removals it held, as "would be removed"
        ChangeCounts published = run.status() == RunStatus.HELD
                ? new ChangeCounts(run.created(), run.updated(), run.heldRemovals(), run.restored()) : emitted;
        events.status(run.status(), run.requestedBy(), fetched, published, Duration.between(run.startedAt(), run.finishedAt()).toMillis(),
                run.statusReason());
    }

    void onStart(@Observes StartupEvent event) {
        int closed = publish(runs.failInterrupted());
        if (closed > 0) {
            LOG.warnf("%d interrupted runs marked failed", closed);
        }
    }

    /**
     * This replica has just taken the district over from a holder whose lease lapsed. When the run that holder started
     * ({@code startedRun}, null if none) had already ended, it is returned and its end published again (the holder may
     * have died before publishing it; the writer and integration-requests take a repeated end as no change). Otherwise
     * the district's runs left running are closed as failed, and empty is returned: the sync runs again.
     */
    Optional<RunRow> takeOver(String districtId, UUID startedRun) {
        // a run closed as interrupted (by a restart of this replica, see onStart) never ended: it runs again too
        Optional<RunRow> ended = Optional.ofNullable(startedRun).flatMap(runs::find)
                .filter(run -> run.status() != RunStatus.RUNNING && !SyncRunRepository.INTERRUPTED.equals(run.statusReason()));
        if (ended.isPresent()) {
            publish(List.of(ended.get()));
            return ended;
        }
        int closed = publish(runs.failInterrupted(districtId));
        LOG.warnf("District %s taken over from a replica whose lease lapsed; %d interrupted runs marked failed, running it again",
                districtId, closed);
        return Optional.empty();
    }

    private int publish(List<RunRow> closed) {
        for (RunRow run : closed) {
            try {
                publishEnd.accept(run);
            } catch (RuntimeException e) {
                // the row has the end; only the event is missing, as for any run whose end could not be published
                LOG.errorf("Could not publish the end of run %s: %s", run.runId(), e.getMessage());
            }
        }
        return closed.size();
    }
}
