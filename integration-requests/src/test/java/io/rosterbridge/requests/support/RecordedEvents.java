package io.rosterbridge.requests.support;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.contracts.EventContracts;

/**
 * Contract-valid sync.runs and roster.applied messages, as the fetcher and the writer send them;
 * each is checked against docs/events before a test publishes it.
 */
public final class RecordedEvents {

    private RecordedEvents() {
    }

    public static String runEvent(UUID runId, String districtId, String status, String trigger, String extra) {
        String json = "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"runId\":\"" + runId
                + "\",\"districtId\":\"" + districtId + "\",\"status\":\"" + status + "\",\"trigger\":\"" + trigger
                + "\",\"requestedBy\":null,\"occurredAt\":\"" + Instant.now() + "\"" + (extra == null ? "" : "," + extra) + "}";
        EventContracts.assertConforms("sync-runs", json);
        return json;
    }

    public static String counts(long created, long updated, long removed, long restored) {
        return "\"counts\":{\"created\":" + created + ",\"updated\":" + updated + ",\"removed\":" + removed + ",\"restored\":" + restored + "}";
    }

    public static String applied(UUID runId, String districtId, boolean fullSnapshot, int created, int activeUsers) {
        String json = "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"runId\":\"" + runId
                + "\",\"districtId\":\"" + districtId + "\",\"appliedAt\":\"" + Instant.now() + "\",\"fullSnapshot\":" + fullSnapshot
                + "," + counts(created, 0, 0, 0) + ",\"activeUsers\":" + activeUsers + "}";
        EventContracts.assertConforms("roster-applied", json);
        return json;
    }
}
