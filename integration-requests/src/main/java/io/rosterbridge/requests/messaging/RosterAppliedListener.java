package io.rosterbridge.requests.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.requests.sync.SyncService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

/** Hears from the writer on roster.applied when a run's changes are all applied. */
@ApplicationScoped
public class RosterAppliedListener {

    private static final Logger LOG = Logger.getLogger(RosterAppliedListener.class);

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
            LOG.errorf("Skipping unreadable roster.applied message for key %s: %s", record.key(), e.getMessage());
            return;
        }
        if (event.eventId() == null || event.runId() == null || event.districtId() == null || event.counts() == null) {
            LOG.errorf("Skipping roster.applied message without eventId, runId, districtId or counts for key %s", record.key());
            return;
        }
        sync.onApplied(event);
    }
}
