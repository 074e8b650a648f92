package io.rosterbridge.requests.rest;

import io.quarkus.security.identity.SecurityIdentity;

/** How a signed-in staff user appears in the audit trail and in commands. */
public final class Staff {

    public static final String SUPPORT = "support";
    public static final String CSM = "csm";

    private Staff() {
    }

    public static String actor(SecurityIdentity identity) {
        return "staff:" + identity.getPrincipal().getName();
    }
}
