package io.rosterbridge.fetcher;

import org.junit.jupiter.api.Test;

import io.rosterbridge.infra.testing.Layering;

/** sync-fetcher reads top-down: each package uses only its own layer and the layers below (rules: Layering). */
class LayeringTest {

    @Test
    void packagesReadTopDown() {
        Layering.of("io.rosterbridge.fetcher")
                // inbound: the support API, district.links
                .layer("rest", "link")
                // runs, schedules, change detection
                .layer("service")
                // outside the process: roster.changes, sync.runs and dead letters out (messaging), Clever (client)
                .layer("messaging", "client")
                .layer("repository")
                // Clever records → the contract's records, and their stored fingerprints
                .layer("mapping")
                .layer("config")
                // Known, and not in this change's lane: the sync.requests consumer is an inbound adapter that lives in
                // messaging, below the service it calls. It goes up (beside link) or messaging gets the service's
                // outbound ports, as roster-writer's AppliedSender; then delete this line.
                .except("messaging.SyncCommandExecutor", "service",
                        "inbound sync.requests consumer in the outbound messaging package")
                .check();
    }
}
