package io.rosterbridge.requests.listener;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.syncruns.SyncRunEvent;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.sync.SyncService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

/** Follows the fetcher's runs on sync.runs. */
@ApplicationScoped
public class SyncRunListener {

    @Inject
    ObjectMapper json;

    @Inject
    SyncService sync;

    @Incoming(Topics.SYNC_RUNS_CHANNEL)
    @Blocking
    public void onRun(Record<String, String> record) {
        SyncRunEvent event;
        try {
            event = json.readValue(record.value(), SyncRunEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Thrown, not skipped: the failure strategy puts the record on the dead-letter topic with this reason.
            throw new IllegalArgumentException("Unreadable sync.runs message for key " + record.key() + ": "
                    + (e instanceof JsonProcessingException unreadable ? unreadable.getOriginalMessage() : e.getMessage()));
        }
        if (event.eventId() == null || event.runId() == null || event.districtId() == null || event.status() == null
                || event.occurredAt() == null) {
            throw new IllegalArgumentException("sync.runs message without eventId, runId, districtId, status or occurredAt for key " + record.key());
        }
        sync.onRun(event);
    }
}
