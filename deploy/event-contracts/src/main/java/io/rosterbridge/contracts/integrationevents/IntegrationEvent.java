package io.rosterbridge.contracts.integrationevents;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.contracts.Rfc3339;

/**
 * The integration.events message (docs/events/integration-events.schema.json): integration-requests sends every state
 * change of a district integration to audit consumers.
 */
public record IntegrationEvent(
        int schemaVersion,
        UUID eventId,
        UUID requestId,
        String districtId,
        String districtName,
        String previousState,
        String state,
        String actor,
        @Rfc3339 Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
}
