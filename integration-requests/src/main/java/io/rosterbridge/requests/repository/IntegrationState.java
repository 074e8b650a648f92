package io.rosterbridge.requests.repository;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a district integration stands. The one state machine of this service: every change goes
 * through {@link #canMoveTo(IntegrationState)} and leaves an audit entry.
 */
public enum IntegrationState {
    SUBMITTED, CONNECTED, SHARED, LINKED, SYNCING, ROSTERED, ACTIVE, PAUSED, DISCONNECTED;

    private static final Map<IntegrationState, Set<IntegrationState>> NEXT = Map.of(
            SUBMITTED, EnumSet.of(CONNECTED),
            CONNECTED, EnumSet.of(SHARED, DISCONNECTED),
            SHARED, EnumSet.of(CONNECTED, LINKED, DISCONNECTED),
            LINKED, EnumSet.of(SYNCING, PAUSED, DISCONNECTED),
            SYNCING, EnumSet.of(ROSTERED, PAUSED, DISCONNECTED),
            ROSTERED, EnumSet.of(ACTIVE, PAUSED, DISCONNECTED),
            ACTIVE, EnumSet.of(PAUSED, DISCONNECTED),
            PAUSED, EnumSet.of(LINKED, SYNCING, ROSTERED, ACTIVE, DISCONNECTED),
            DISCONNECTED, EnumSet.of(CONNECTED));

    private static final Set<IntegrationState> LINKED_STATES = EnumSet.of(LINKED, SYNCING, ROSTERED, ACTIVE, PAUSED);

    public boolean canMoveTo(IntegrationState next) {
        return NEXT.get(this).contains(next);
    }

    /** Support has mapped the district and it has not been disconnected since. */
    public boolean isLinked() {
        return LINKED_STATES.contains(this);
    }

    /** The value on the wire and in the database. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IntegrationState fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
