package io.rosterbridge.contracts.rosterapplied;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.Rfc3339;

/**
 * The roster.applied message (docs/events/roster-applied.schema.json): roster-writer sends it once a run's changes are
 * applied, integration-requests waits for it. {@code activeUsers} is optional in the contract.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RosterAppliedEvent(
        int schemaVersion,
        UUID eventId,
        UUID runId,
        String districtId,
        @Rfc3339 Instant appliedAt,
        boolean fullSnapshot,
        ChangeCounts counts,
        Long activeUsers) {

    public static final int SCHEMA_VERSION = 1;
}
