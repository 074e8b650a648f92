package io.rosterbridge.gateway.messaging;

/** Channel names used in code; their topics are set in application.properties (docs/events/asyncapi.yaml). */
public final class Channels {

    /** Compacted {@code district.links}: which districts are linked and whether they are active. */
    public static final String DISTRICT_LINKS = "district-links";

    /** {@code login.audit}: one record per login outcome. */
    public static final String LOGIN_AUDIT = "login-audit";

    /** {@code sso-gateway.dead-letter}: consumed records the gateway could not process, with the reason in headers. */
    public static final String DEAD_LETTER = "dead-letter";

    private Channels() {
    }
}
