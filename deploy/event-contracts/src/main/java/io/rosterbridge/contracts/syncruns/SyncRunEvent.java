package io.rosterbridge.contracts.syncruns;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.Rfc3339;

/**
 * A sync.runs message (docs/events/sync-runs.schema.json): sync-fetcher sends a run's lifecycle, integration-requests
 * follows it. The parts that do not apply to a status are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRunEvent(
        int schemaVersion,
        UUID eventId,
        UUID runId,
        String districtId,
        String status,
        String trigger,
        @JsonInclude(JsonInclude.Include.ALWAYS) String requestedBy,
        @Rfc3339 Instant occurredAt,
        Fetched fetched,
        ChangeCounts counts,
        Long durationMs,
        String reason) {

    public static final int SCHEMA_VERSION = 1;

    /** Records fetched so far (progress) or in all; either may be missing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fetched(Long schools, Long users) {
    }
}
