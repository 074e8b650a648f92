package io.rosterbridge.writer.change;

import java.time.Instant;
import java.util.UUID;


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
