package io.rosterbridge.gateway.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The login.audit record (docs/events/login-audit.schema.json). Ids and a short reason only: never tokens or codes. */
public record LoginAuditEvent(
        int schemaVersion,
        UUID eventId,
        String outcome,
        String flow,
        String cleverUserId,
        String districtId,
        List<String> roles,
        String detail,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    /** The record key: the district when known, else the Clever user, else the event itself. */
    public String key() {
        if (districtId != null) {
            return districtId;
        }
        return cleverUserId != null ? cleverUserId : eventId.toString();
    }
}
