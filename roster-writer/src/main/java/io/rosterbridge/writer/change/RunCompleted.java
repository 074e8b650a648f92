package io.rosterbridge.writer.change;

import java.time.Instant;
import java.util.UUID;

/** The {@code roster.run-completed} marker the fetcher sends after every change of a run. */
public record RunCompleted(
        UUID eventId,
        UUID runId,
        String districtId,
        Instant occurredAt,
        boolean fullSnapshot,
        ChangeCounts counts) implements RosterMessage {
}
