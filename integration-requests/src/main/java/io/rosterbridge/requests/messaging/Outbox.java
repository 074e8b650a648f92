package io.rosterbridge.requests.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.contracts.integrationevents.IntegrationEvent;
import io.rosterbridge.contracts.syncrequests.SyncRequestCommand;
import io.rosterbridge.requests.repository.OutboxMessage;

/**
 * Writes outgoing records in the caller's transaction, so a state change and the events that
 * describe it commit (or roll back) together. {@link OutboxRelay} sends them after commit.
 */
@ApplicationScoped
public class Outbox {

    /** Fired in the writing transaction; observed after a successful commit to relay at once. */
    public record Written() {
    }

    @Inject
    ObjectMapper json;

    @Inject
    Event<Written> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void link(DistrictLinkEvent link) {
        put(Topics.DISTRICT_LINKS, link.districtId(), link);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void command(SyncRequestCommand command) {
        put(Topics.SYNC_REQUESTS, command.districtId(), command);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void integrationEvent(IntegrationEvent event) {
        put(Topics.INTEGRATION_EVENTS, event.requestId().toString(), event);
    }

    private void put(String topic, String key, Object payload) {
        OutboxMessage message = new OutboxMessage();
        message.topic = topic;
        message.recordKey = key;
        try {
            message.payload = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a " + topic + " record for " + key, e);
        }
        message.createdAt = Instant.now();
        message.persist();
        written.fire(new Written());
    }
}
