package io.rosterbridge.writer;

import org.junit.jupiter.api.Test;

import io.rosterbridge.infra.testing.Layering;

/** roster-writer reads top-down: each package uses only its own layer and the layers below (rules: Layering). */
class LayeringTest {

    @Test
    void packagesReadTopDown() {
        Layering.of("io.rosterbridge.writer")
                // adapters: the read API; roster.changes in, roster.applied and roster.dead-letter out
                .layer("rest", "messaging")
                // the transaction and its retry, the read queries, the roster.applied outbox (sent through AppliedSender)
                .layer("service")
                // stored rows → outgoing messages
                .layer("mapping")
                // JDBC: the tables, COPY encoding, what a failed write means
                .layer("repository")
                // the roster messages' model and the configuration
                .layer("change", "config")
                .check();
    }
}
