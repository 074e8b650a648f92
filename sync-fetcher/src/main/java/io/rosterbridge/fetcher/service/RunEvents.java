package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.messaging.Events;
import io.rosterbridge.fetcher.messaging.Events.Counts;
import io.rosterbridge.fetcher.messaging.Events.Fetched;
import io.rosterbridge.fetcher.messaging.Events.RunCompleted;
import io.rosterbridge.fetcher.messaging.Events.SyncRunEvent;
import io.rosterbridge.fetcher.messaging.Topics;
import io.rosterbridge.fetcher.repository.RunStatus;

/** The events of one run: lifecycle on sync.runs and the run-completed marker on roster.changes, each awaited. */
final class RunEvents {

    private final EventSender sender;
    private final String runId;
    private final String districtId;
    private final String trigger;

    RunEvents(EventSender sender, UUID runId, String districtId, String trigger) {
        this.sender = sender;
        this.runId = runId.toString();
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
    void status(RunStatus status, String requestedBy, Fetched fetched, Counts counts, Long durationMs, String reason) {
        send(status.code(), requestedBy, fetched, counts, durationMs, reason);
    }

    private void send(String status, String requestedBy, Fetched fetched, Counts counts, Long durationMs, String reason) {
        sender.sendNow(Topics.SYNC_RUNS, districtId, new SyncRunEvent(Events.SCHEMA_VERSION, UUID.randomUUID().toString(), runId,
                districtId, status, trigger, requestedBy, Instant.now().toString(), fetched, counts, durationMs, reason));
    }

    void rosterCompleted(Counts counts) {
        sender.sendNow(Topics.ROSTER_CHANGES, districtId,
                new RunCompleted(UUID.randomUUID().toString(), runId, districtId, Instant.now().toString(), counts, true));
    }
}
