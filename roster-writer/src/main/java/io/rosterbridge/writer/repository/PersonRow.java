package io.rosterbridge.writer.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * A user with what support needs to explain its state: when it was archived, when its last change happened and the
 * sync run that made it (null for rows written before the writer kept it), with that run's completion.
 */
public record PersonRow(RosterUser user, Instant archivedAt, Instant lastChangeAt, UUID lastRunId,
        Instant lastRunCompletedAt) {
}
