package io.rosterbridge.fetcher.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** Payloads the fetcher sends (docs/events/roster-changes and sync-runs schemas) and the command it reads. */
public final class Events {

    public static final int SCHEMA_VERSION = 1;

    private Events() {
    }

    public record Counts(long created, long updated, long removed, long restored) {
        public static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    public record Fetched(long schools, long users) {
    }

    /** A roster.change; {@code record} is the record's canonical JSON, embedded as is. */
    @JsonPropertyOrder({"schemaVersion", "type", "eventId", "runId", "districtId", "changeType", "entityType", "entityId", "occurredAt", "record"})
    public record RosterChange(int schemaVersion, String type, String eventId, String runId, String districtId, String changeType,
            String entityType, String entityId, String occurredAt, @JsonRawValue String record) {
        public RosterChange(String eventId, String runId, String districtId, String changeType, String entityType, String entityId,
                String occurredAt, String record) {
            this(SCHEMA_VERSION, "roster.change", eventId, runId, districtId, changeType, entityType, entityId, occurredAt, record);
        }
    }

    /** The marker after a run's (or an approval's) changes on roster.changes. */
    public record RunCompleted(int schemaVersion, String type, String eventId, String runId, String districtId, String occurredAt,
            Counts counts, boolean fullSnapshot) {
        public RunCompleted(String eventId, String runId, String districtId, String occurredAt, Counts counts, boolean fullSnapshot) {
            this(SCHEMA_VERSION, "roster.run-completed", eventId, runId, districtId, occurredAt, counts, fullSnapshot);
        }
    }

    /** A sync.runs lifecycle event; optional parts are left out when they do not apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncRunEvent(int schemaVersion, String eventId, String runId, String districtId, String status, String trigger,
            @JsonInclude(JsonInclude.Include.ALWAYS) String requestedBy, String occurredAt, Fetched fetched, Counts counts,
            Long durationMs, String reason) {
    }

    /** A sync.requests command from support. */
    public record SyncRequestCommand(int schemaVersion, String commandId, String command, String districtId, String runId,
            String requestedBy, String reason, String requestedAt) {
    }
}
