package io.rosterbridge.fetcher.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;

/**
 * What support can do, by REST or by a sync.requests command: start a sync, list runs, approve or
 * discard a held run's removals. Approving emits the held removals (those still missing since the held
 * run's snapshot) with their own run-completed marker; discarding keeps the records, so a later run
 * that still misses them holds them again.
 */
@ApplicationScoped
public class SupportService {

    private static final Logger LOG = Logger.getLogger(SupportService.class);

    private final SyncCoordinator coordinator;
    private final LinkedDistrictRepository links;
    private final SyncRunRepository runs;
    private final FingerprintRepository fingerprints;
    private final EventSender sender;

    public SupportService(SyncCoordinator coordinator, LinkedDistrictRepository links, SyncRunRepository runs,
            FingerprintRepository fingerprints, EventSender sender) {
        this.coordinator = coordinator;
        this.links = links;
        this.runs = runs;
        this.fingerprints = fingerprints;
        this.sender = sender;
    }

    public SyncCoordinator.Submission requestSync(String districtId, String requestedBy, String reason) {
        var link = links.find(districtId)
                .orElseThrow(() -> new SupportException(SupportException.Kind.NOT_FOUND, "district " + districtId + " is not linked"));
        if (!link.active()) {
            throw new SupportException(SupportException.Kind.CONFLICT, "district " + districtId + " is " + link.status() + ", not active");
        }
        return coordinator.requestSync(new RunRequest(districtId, RunRequest.SUPPORT, requestedBy, reason));
    }

    /** The first sync of a district that has just been linked (integration-requests then waits for it to be applied). */
    public SyncCoordinator.Submission requestInitialSync(String districtId) {
        return coordinator.requestSync(new RunRequest(districtId, RunRequest.INITIAL, "system", "district linked"));
    }

    public List<RunRow> runs(String districtId, int limit) {
        return runs.recent(districtId, limit);
    }

    /** Queues the approval of a held run; it runs when the district is not syncing. */
    public RunRow approve(UUID runId, String decidedBy, String reason) {
        RunRow run = held(runId);
        coordinator.submitExclusive(run.districtId(), () -> emitHeldRemovals(runId, decidedBy, reason));
        return run;
    }

    public RunRow discard(UUID runId, String decidedBy, String reason) {
        RunRow run = held(runId);
        coordinator.submitExclusive(run.districtId(), () -> {
            if (runs.decide(runId, RunStatus.DISCARDED, decidedBy, 0)) {
                fingerprints.forgetHeld(runId);
                new RunEvents(sender, runId, run.districtId(), run.trigger())
                        .status(RunStatus.DISCARDED, decidedBy, null, ChangeCounts.NONE, null, reason);
                LOG.infof("Held removals of run %s discarded", runId); // who decided is on the run, not in the log (may be an e-mail)
            }
        });
        return run;
    }

    private void emitHeldRemovals(UUID runId, String decidedBy, String reason) {
        RunRow run = runs.find(runId).orElseThrow();
        if (run.status() != RunStatus.HELD) {
            return; // decided meanwhile
        }
        // The held removals Clever has not sent again since, and that no later run removed already. An approval that
        // crashed part-way left the run held: this one removes the rest, and counts what both removed.
        new Removals(fingerprints, sender).removeApproved(runId, run.districtId(), fingerprints.heldStillActive(runId));
        long removed = fingerprints.countRemovedByApproval(runId);
        RunEvents events = new RunEvents(sender, runId, run.districtId(), run.trigger());
        ChangeCounts counts = new ChangeCounts(0, 0, removed, 0);
        events.rosterCompleted(RunStatus.APPROVED, counts);
        runs.decide(runId, RunStatus.APPROVED, decidedBy, removed);
        fingerprints.forgetHeld(runId);
        events.status(RunStatus.APPROVED, decidedBy, null, counts, null, reason);
        LOG.infof("Held removals of run %s approved: %d removed", runId, removed); // who decided is on the run, not in the log
    }

    private RunRow held(UUID runId) {
        RunRow run = runs.find(runId)
                .orElseThrow(() -> new SupportException(SupportException.Kind.NOT_FOUND, "run " + runId + " does not exist"));
        if (run.status() != RunStatus.HELD) {
            throw new SupportException(SupportException.Kind.CONFLICT, "run " + runId + " is " + run.status().code() + ", not held");
        }
        return run;
    }
}
