package io.rosterbridge.writer.messaging;

/** The messaging channels of this service; their topics are configured in application.properties. */
public final class Channels {

    /** roster.changes: sync-fetcher's changes and run-completed markers, key = district id. */
    public static final String ROSTER_CHANGES = "roster-changes";
    /** roster.applied: this service's signal that every change of a run is applied. */
    public static final String ROSTER_APPLIED = "roster-applied";
    /** roster.dead-letter: roster.changes messages this service could not accept, with the reason. */
    public static final String ROSTER_DEAD_LETTER = "roster-dead-letter";

    private Channels() {
    }
}
