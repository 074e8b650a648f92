package io.rosterbridge.requests.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A roster.applied message (docs/events/roster-applied.schema.json). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RosterAppliedEvent(
        int schemaVersion,
        UUID eventId,
        UUID runId,
        String districtId,
        Instant appliedAt,
        boolean fullSnapshot,
        ChangeCounts counts,
        Integer activeUsers) {
}
