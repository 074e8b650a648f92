package io.rosterbridge.gateway;

import org.junit.jupiter.api.Test;

import io.rosterbridge.infra.testing.Layering;

/** sso-gateway reads top-down: each package uses only its own layer and the layers below (rules: Layering). */
class LayeringTest {

    @Test
    void packagesReadTopDown() {
        Layering.of("io.rosterbridge.gateway")
                // inbound: the login flow's endpoints, pages and cookies (rest), district.links (listener)
                .layer("rest", "listener")
                // logins, sessions, the access policy, the linked districts
                .layer("service")
                // outside the process: login.audit out (messaging), the roster-writer read API (client)
                .layer("messaging", "client")
                .layer("repository")
                // configuration, and the log filter that redacts credentials
                .layer("config", "logging")
                .check();
    }
}
