package io.rosterbridge.requests.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A sync.runs message (docs/events/sync-runs.schema.json). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncRunEvent(
        int schemaVersion,
        UUID eventId,
        UUID runId,
        String districtId,
        String status,
        String trigger,
        String requestedBy,
        Instant occurredAt,
        Fetched fetched,
        ChangeCounts counts,
        Long durationMs,
        String reason) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fetched(Integer schools, Integer users) {
    }
}
