package io.rosterbridge.gateway.service;

import java.time.Instant;
import java.util.List;

/** What a platform session says about its holder. */
public record SessionClaims(
        String sessionId,
        String cleverUserId,
        String districtId,
        String organisationId,
        List<String> roles,
        List<String> schoolIds,
        Instant expiresAt) {
}
