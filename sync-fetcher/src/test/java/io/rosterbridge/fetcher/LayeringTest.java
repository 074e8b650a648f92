package io.rosterbridge.fetcher;

import org.junit.jupiter.api.Test;

import io.rosterbridge.infra.testing.Layering;

/** sync-fetcher reads top-down: each package uses only its own layer and the layers below (rules: Layering). */
class LayeringTest {

    @Test
    void packagesReadTopDown() {
        Layering.of("io.rosterbridge.fetcher")
                // inbound: the support API (rest), sync.requests and district.links (listener)
                .layer("rest", "listener")
                // runs, schedules, change detection; the linked districts a district.links record updates (link)
                .layer("service", "link")
                // outside the process: roster.changes, sync.runs and dead letters out (messaging), Clever (client)
                .layer("messaging", "client")
                .layer("repository")
                // Clever records → the contract's records, and their stored fingerprints
                .layer("mapping")
                .layer("config")
                .check();
    }
}
