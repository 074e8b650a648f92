package io.rosterbridge.writer.messaging;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.writer.change.ChangeCounts;

/** The roster.applied message (docs/events/roster-applied.schema.json). */
public record RosterAppliedEvent(
        int schemaVersion,
        UUID eventId,
        UUID runId,
        String districtId,
        Instant appliedAt,
        boolean fullSnapshot,
        ChangeCounts counts,
        int activeUsers) {

    public static final int SCHEMA_VERSION = 1;
}
