package io.rosterbridge.requests;

import org.junit.jupiter.api.Test;

import io.rosterbridge.infra.testing.Layering;

/** integration-requests reads top-down: each package uses only its own layer and the layers below (rules: Layering). */
class LayeringTest {

    @Test
    void packagesReadTopDown() {
        Layering.of("io.rosterbridge.requests")
                // inbound: pages, the JSON API, health checks; roster.applied and sync.runs (listener)
                .layer("web", "rest", "health", "listener")
                // what support and requesters do: read an integration, link a district, sync it, find a person
                .layer("query", "linking", "sync", "people")
                // intake and the Clever sharing check (they share the requested roles), and their reports
                .layer("intake", "sharing", "mapping")
                // the lifecycle every state change goes through, and the mails it sends
                .layer("service", "notification")
                // outside the process: the outbox and the events it sends and reads (messaging), Clever (client)
                .layer("messaging", "client")
                .layer("repository")
                .layer("config")
                .check();
    }
}
