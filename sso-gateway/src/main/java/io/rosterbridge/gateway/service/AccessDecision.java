package io.rosterbridge.gateway.service;

import java.util.List;

/**
 * Whether a Clever user may enter, and what the gateway knows about them. {@code districtId}, roles and schools
 * are filled as far as the roster knew them, also for a refusal (for the audit event).
 */
public record AccessDecision(
        LoginOutcome outcome,
        String cleverUserId,
        String districtId,
        String organisationId,
        List<String> roles,
        List<String> schoolIds,
        String detail) {

    public boolean allowed() {
        return outcome == LoginOutcome.SUCCESS;
    }

    static AccessDecision refused(LoginOutcome outcome, String cleverUserId, String districtId, List<String> roles, String detail) {
        return new AccessDecision(outcome, cleverUserId, districtId, null, roles, List.of(), detail);
    }
}
