package io.rosterbridge.contracts.syncrequests;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.contracts.Rfc3339;

/** The sync.requests command (docs/events/sync-requests.schema.json): integration-requests sends, sync-fetcher carries out. */
public record SyncRequestCommand(
        int schemaVersion,
        UUID commandId,
        String command,
        String districtId,
        UUID runId,
        String requestedBy,
        String reason,
        @Rfc3339 Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String SYNC = "sync";
    public static final String APPROVE_HELD = "approve-held";
    public static final String DISCARD_HELD = "discard-held";
}
