package io.rosterbridge.gateway.messaging;

/** Channel names used in code; their topics are set in application.properties (docs/events/asyncapi.yaml). */
public final class Channels {

    /** Compacted {@code district.links}: which districts are linked and whether they are active. */
    public static final String DISTRICT_LINKS = "district-links";

    /** {@code login.audit}: one record per login outcome. */
    public static final String LOGIN_AUDIT = "login-audit";

    private Channels() {
    }
}
