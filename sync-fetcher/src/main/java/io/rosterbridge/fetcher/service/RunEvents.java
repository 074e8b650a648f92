package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;
import io.rosterbridge.contracts.syncruns.SyncRunEvent;
import io.rosterbridge.contracts.syncruns.SyncRunEvent.Fetched;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.messaging.Topics;
import io.rosterbridge.fetcher.repository.RunStatus;

/** The events of one run: lifecycle on sync.runs and the run-completed markers on roster.changes, each awaited. */
final class RunEvents {

    private final EventSender sender;
    private final UUID runId;
    private final String districtId;
    private final String trigger;

    RunEvents(EventSender sender, UUID runId, String districtId, String trigger) {
        this.sender = sender;
        this.runId = runId;
        this.districtId = districtId;
        this.trigger = trigger;
    }

    void started(String requestedBy, String reason) {
        send("started", requestedBy, null, null, null, reason);
    }

    void progress(String requestedBy, Fetched fetched) {
        send("progress", requestedBy, fetched, null, null, null);
    }

    /** A run's end (completed, held, failed) or a decision on a held run (approved, discarded). */
    void status(RunStatus status, String requestedBy, Fetched fetched, ChangeCounts counts, Long durationMs, String reason) {
        send(status.code(), requestedBy, fetched, counts, durationMs, reason);
    }

    private void send(String status, String requestedBy, Fetched fetched, ChangeCounts counts, Long durationMs, String reason) {
        sender.sendNow(Topics.SYNC_RUNS, districtId, new SyncRunEvent(SyncRunEvent.SCHEMA_VERSION, UUID.randomUUID(), runId,
                districtId, status, trigger, requestedBy, Instant.now(), fetched, counts, durationMs, reason));
    }

    /**
     * The run-completed marker of the run's end ({@code step} completed or held) or of support's approval of its held
     * removals (approved). Its id follows from the run and the step, so the writer takes a marker sent again as seen.
     */
    void rosterCompleted(RunStatus step, ChangeCounts counts) {
        sender.sendNow(Topics.ROSTER_CHANGES, districtId,
                new RunCompleted(EventIds.runCompletedId(runId, step.code()), runId, districtId, Instant.now(), counts, true));
    }
}
