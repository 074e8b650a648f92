package io.rosterbridge.requests.support;

import java.util.List;

import io.rosterbridge.infra.testing.StaffOidcTestResource;

/** Bearer tokens from the staff OIDC provider the tests start. */
public final class Staff {

    private Staff() {
    }

    public static String support() {
        return token("alice", List.of("support"));
    }

    public static String token(String subject, List<String> groups) {
        return StaffOidcTestResource.provider().accessToken(subject, "integration-requests", groups);
    }
}
