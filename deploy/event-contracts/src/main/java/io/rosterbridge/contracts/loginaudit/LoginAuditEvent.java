package io.rosterbridge.contracts.loginaudit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.rosterbridge.contracts.Rfc3339;

/**
 * The login.audit message (docs/events/login-audit.schema.json): sso-gateway sends one per login outcome to audit
 * consumers. Ids and a short reason only: never tokens, codes, e-mail addresses or names.
 */
public record LoginAuditEvent(
        int schemaVersion,
        UUID eventId,
        String outcome,
        String flow,
        String cleverUserId,
        String districtId,
        List<String> roles,
        String detail,
        @Rfc3339 Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;

    /** The record key: the district when known, else the Clever user, else the event itself. */
    public String key() {
        if (districtId != null) {
            return districtId;
        }
        return cleverUserId != null ? cleverUserId : eventId.toString();
    }
}
