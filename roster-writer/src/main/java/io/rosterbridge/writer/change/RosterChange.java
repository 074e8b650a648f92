package io.rosterbridge.writer.change;

import java.time.Instant;
import java.util.UUID;

/** One {@code roster.change}: the full record of one entity as it is now (as last seen, for {@code removed}). */
public record RosterChange(
        UUID eventId,
        UUID runId,
        String districtId,
        ChangeType changeType,
        EntityType entityType,
        String entityId,
        Instant occurredAt,
        EntityRecord record) implements RosterMessage {

    /** A removed entity is archived; every other change leaves it active. */
    public boolean leavesActive() {
        return changeType != ChangeType.REMOVED;
    }
}
