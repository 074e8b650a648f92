package io.rosterbridge.contracts.rosterchanges;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.Rfc3339;

/** The {@code roster.run-completed} marker sync-fetcher sends after every change of a run (or of an approval). */
public record RunCompleted(
        int schemaVersion,
        String type,
        UUID eventId,
        UUID runId,
        String districtId,
        @Rfc3339 Instant occurredAt,
        ChangeCounts counts,
        boolean fullSnapshot) implements RosterMessage {

    public static final String TYPE = "roster.run-completed";

    public RunCompleted(UUID eventId, UUID runId, String districtId, Instant occurredAt, ChangeCounts counts, boolean fullSnapshot) {
        this(SCHEMA_VERSION, TYPE, eventId, runId, districtId, occurredAt, counts, fullSnapshot);
    }
}
