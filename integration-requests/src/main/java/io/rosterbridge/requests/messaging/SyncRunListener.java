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

/** Follows the fetcher's runs on sync.runs. */
@ApplicationScoped
public class SyncRunListener {

    private static final Logger LOG = Logger.getLogger(SyncRunListener.class);

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
            LOG.errorf("Skipping unreadable sync.runs message for key %s: %s", record.key(), e.getMessage());
            return;
        }
        if (event.eventId() == null || event.runId() == null || event.districtId() == null || event.status() == null) {
            LOG.errorf("Skipping sync.runs message without eventId, runId, districtId or status for key %s", record.key());
            return;
        }
        sync.onRun(event);
    }
}
