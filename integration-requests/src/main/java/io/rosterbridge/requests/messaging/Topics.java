package io.rosterbridge.requests.messaging;

/** Kafka topics and channels of this service (contracts: docs/events). */
public final class Topics {

    /** Compacted, key = Clever district id: whom the fetcher syncs and which schools are licensed. */
    public static final String DISTRICT_LINKS = "district.links";
    /** Key = Clever district id: support's commands to the fetcher. */
    public static final String SYNC_REQUESTS = "sync.requests";
    /** Key = integration request id: every state change of a district integration. */
    public static final String INTEGRATION_EVENTS = "integration.events";
    /** Consumed, key = Clever district id: the fetcher's run lifecycle. */
    public static final String SYNC_RUNS = "sync.runs";
    /** Consumed, key = Clever district id: the writer applied a run. */
    public static final String ROSTER_APPLIED = "roster.applied";
    /** Consumed, key = Clever district id (else user, else event id): sso-gateway's login outcomes. */
    public static final String LOGIN_AUDIT = "login.audit";

    /** Outgoing channel of the outbox relay; each record names its topic. */
    public static final String OUTBOX_CHANNEL = "outbox";
    public static final String SYNC_RUNS_CHANNEL = "sync-runs";
    public static final String ROSTER_APPLIED_CHANNEL = "roster-applied";
    public static final String LOGIN_AUDIT_CHANNEL = "login-audit";

    private Topics() {
    }
}
