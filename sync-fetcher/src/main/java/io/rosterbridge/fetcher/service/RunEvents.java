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

    void status(String status, String requestedBy, Fetched fetched, Counts counts, Long durationMs, String reason) {
        sender.sendNow(Topics.SYNC_RUNS, districtId, new SyncRunEvent(Events.SCHEMA_VERSION, UUID.randomUUID().toString(), runId,
                districtId, status, trigger, requestedBy, Instant.now().toString(), fetched, counts, durationMs, reason));
    }

    void rosterCompleted(Counts counts) {
        sender.sendNow(Topics.ROSTER_CHANGES, districtId,
                new RunCompleted(UUID.randomUUID().toString(), runId, districtId, Instant.now().toString(), counts, true));
    }
}
