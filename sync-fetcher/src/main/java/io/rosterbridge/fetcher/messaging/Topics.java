package io.rosterbridge.fetcher.messaging;

/** Kafka topics and reactive-messaging channels of the fetcher (docs/events). */
public final class Topics {

    /** Roster changes and run-completed markers; key = district id. */
    public static final String ROSTER_CHANGES = "roster.changes";
    /** Run lifecycle; key = district id. */
    public static final String SYNC_RUNS = "sync.runs";

    /** Consumed records the fetcher could not process, with the reason in headers; key = the original key. */
    public static final String DEAD_LETTER = "sync-fetcher.dead-letter";

    /** Channel of support's commands (topic sync.requests). */
    public static final String SYNC_REQUESTS_CHANNEL = "sync-requests";
    /** Channel of the compacted district.links topic. */
    public static final String DISTRICT_LINKS_CHANNEL = "district-links";

    private Topics() {
    }
}
