package io.rosterbridge.fetcher.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the fetcher syncs, when, and how carefully. */
@ConfigMapping(prefix = "fetcher")
public interface FetcherConfig {

    /** Sync users whose roles include contact (parents/guardians); off unless a customer needs them. */
    @WithDefault("false")
    boolean includeContacts();

    /** Districts synced at the same time by this replica (its workers on the shared queue, district_work). */
    @WithDefault("2")
    int maxConcurrentRuns();

    /** How long a page's Kafka sends may take to be acknowledged. */
    @WithDefault("60s")
    Duration sendTimeout();

    /** Start a district's first sync as soon as it is linked (the onboarding's "syncing" step). */
    @WithDefault("true")
    boolean initialSyncOnLink();

    Hold hold();

    Nightly nightly();

    Events events();

    Lease lease();

    Backoff backoff();

    interface Hold {
        /** A run removing more than this share of the district's active users is held for approval. */
        @WithDefault("0.10")
        double maxRemovalShare();

        /** ...or more than this many users, whatever the share. */
        @WithDefault("1000")
        int maxRemovals();
    }

    interface Nightly {
        /** Quartz-style cron (seconds first); read by @Scheduled in NightlySync. */
        @WithDefault("0 0 23 * * ?")
        String cron();

        @WithDefault("America/New_York")
        String zone();
    }

    /** Live updates from Clever's Events API between full syncs (sync-fetcher README, "Live updates"). */
    interface Events {
        /** Whether this replica polls on its schedule (off in the module tests, which poll by hand). */
        @WithDefault("true")
        boolean polling();

        /** How often each live district's feed is read; read by @Scheduled in EventSchedule. */
        @WithDefault("60s")
        Duration pollInterval();

        /** Events per request (Clever allows up to 10,000). */
        @WithDefault("10000")
        int pageSize();

        /** Removals by events are counted over this sliding window against the hold thresholds. */
        @WithDefault("1h")
        Duration removalWindow();
    }

    /**
     * The lease a replica holds on a district while it works on it (docs/operations.md, "Replicas"): renewed every
     * renew-interval; a replica that stops renewing loses the district to another one after at most duration.
     */
    interface Lease {
        /**
         * This replica's name in district_work.owner, unique among live replicas; by default host:http-port, so a process
         * restarted in its predecessor's place takes its districts back at once.
         */
        Optional<String> replicaId();

        @WithDefault("30s")
        Duration duration();

        /** Well under duration, so a renewal that is late once does not lose the district. */
        @WithDefault("10s")
        Duration renewInterval();

        /** How often idle workers look for work other replicas queued (work queued on this replica wakes them at once). */
        @WithDefault("1s")
        Duration pollInterval();
    }

    /** After a district's run fails, its next run waits initial, doubled per failure in a row, at most max. */
    interface Backoff {
        @WithDefault("1m")
        Duration initial();

        @WithDefault("30m")
        Duration max();
    }
}
