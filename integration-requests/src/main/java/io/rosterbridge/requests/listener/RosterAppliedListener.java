package io.rosterbridge.requests.listener;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.sync.SyncService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

/** Hears from the writer on roster.applied when a run's changes are all applied. */
@ApplicationScoped
public class RosterAppliedListener {

    @Inject
    ObjectMapper json;

    @Inject
    SyncService sync;

    @Incoming(Topics.ROSTER_APPLIED_CHANNEL)
    @Blocking
    public void onApplied(Record<String, String> record) {
        RosterAppliedEvent event;
        try {
            event = json.readValue(record.value(), RosterAppliedEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Thrown, not skipped: the failure strategy puts the record on the dead-letter topic with this reason.
            throw new IllegalArgumentException("Unreadable roster.applied message for key " + record.key() + ": "
                    + (e instanceof JsonProcessingException unreadable ? unreadable.getOriginalMessage() : e.getMessage()));
        }
        if (event.eventId() == null || event.runId() == null || event.districtId() == null || event.appliedAt() == null
                || event.counts() == null) {
            throw new IllegalArgumentException("roster.applied message without eventId, runId, districtId, appliedAt or counts for key " + record.key());
        }
        sync.onApplied(event);
    }
}
