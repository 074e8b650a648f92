package io.rosterbridge.fetcher.service;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.rosterbridge.contracts.syncruns.SyncRunEvent.Fetched;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;

/**
 * Closes runs whose fetcher stopped mid-run as failed (they removed nobody) and publishes each one's end on sync.runs,
 * so integration-requests and support see the run end instead of "running" forever. At start: the runs of districts no
 * replica holds a live lease on. On a takeover (SyncCoordinator): the district's runs, before it runs again.
 */
@ApplicationScoped
public class InterruptedRuns {

    private static final Logger LOG = Logger.getLogger(InterruptedRuns.class);

    private final SyncRunRepository runs;
    private final Consumer<RunRow> publishEnd;

    @Inject
    public InterruptedRuns(SyncRunRepository runs, EventSender sender) {
        this(runs, run -> new RunEvents(sender, run.runId(), run.districtId(), run.trigger()).status(RunStatus.FAILED,
                run.requestedBy(), new Fetched(run.fetchedSchools(), run.fetchedUsers()), null, null, SyncRunRepository.INTERRUPTED));
    }

    /** With {@code publishEnd} instead of sync.runs (tests of the queue without a broker). */
    InterruptedRuns(SyncRunRepository runs, Consumer<RunRow> publishEnd) {
        this.runs = runs;
        this.publishEnd = publishEnd;
    }

    void onStart(@Observes StartupEvent event) {
        int closed = publish(runs.failInterrupted());
        if (closed > 0) {
            LOG.warnf("%d interrupted runs marked failed", closed);
        }
    }

    /** Closes the district's interrupted runs (its lease lapsed and this replica took it over); returns how many. */
    int closeTakenOver(String districtId) {
        return publish(runs.failInterrupted(districtId));
    }

    private int publish(List<RunRow> closed) {
        for (RunRow run : closed) {
            try {
                publishEnd.accept(run);
            } catch (RuntimeException e) {
                // the row says failed; only the event is missing, as for any run whose failure could not be published
                LOG.errorf("Could not publish the end of interrupted run %s: %s", run.runId(), e.getMessage());
            }
        }
        return closed.size();
    }
}
