package io.rosterbridge.fetcher.service;

/** Someone or something wants a district synced: trigger is nightly, support, initial, follow-up or events. */
public record RunRequest(String districtId, String trigger, String requestedBy, String reason) {

    public static final String NIGHTLY = "nightly";
    public static final String SUPPORT = "support";
    public static final String FOLLOW_UP = "follow-up";
    public static final String INITIAL = "initial";
    /** Live updates: a full sync the event poller asked for (cursor lost), or a page of events whose removals were held. */
    public static final String EVENTS = "events";

    /** The run that replaces this request when it arrived while the district was already syncing. */
    public RunRequest asFollowUp() {
        return new RunRequest(districtId, FOLLOW_UP, requestedBy, reason);
    }
}
