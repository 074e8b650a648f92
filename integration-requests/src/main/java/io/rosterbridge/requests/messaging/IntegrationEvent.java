package io.rosterbridge.requests.messaging;

import java.time.Instant;
import java.util.UUID;

/** The integration.events message (docs/events/integration-events.schema.json). */
public record IntegrationEvent(
        int schemaVersion,
        UUID eventId,
        UUID requestId,
        String districtId,
        String districtName,
        String previousState,
        String state,
        String actor,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
}
