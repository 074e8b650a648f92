package io.rosterbridge.requests;

import org.junit.jupiter.api.Test;

import io.rosterbridge.infra.testing.Layering;

/** integration-requests reads top-down: each package uses only its own layer and the layers below (rules: Layering). */
class LayeringTest {

    @Test
    void packagesReadTopDown() {
        Layering.of("io.rosterbridge.requests")
                // inbound: pages, the JSON API, health checks
                .layer("web", "rest", "health")
                // what support and requesters do: read an integration, link a district, sync it
                .layer("query", "linking", "sync")
                // intake and the Clever sharing check (they share the requested roles), and their reports
                .layer("intake", "sharing", "mapping")
                // the lifecycle every state change goes through, and the mails it sends
                .layer("service", "notification")
                // outside the process: the outbox and its events (messaging), Clever (client)
                .layer("messaging", "client")
                .layer("repository")
                .layer("config")
                // Known, and not in this change's lane: two Kafka listeners are inbound adapters that live in
                // messaging, below the sync service they call. They go up (beside rest) or messaging's outbox moves
                // below the service; then delete these lines.
                .except("messaging.RosterAppliedListener", "sync", "inbound roster.applied listener in messaging")
                .except("messaging.SyncRunListener", "sync", "inbound sync.runs listener in messaging")
                .check();
    }
}
