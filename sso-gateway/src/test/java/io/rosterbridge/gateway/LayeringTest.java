package io.rosterbridge.gateway;

import org.junit.jupiter.api.Test;

import io.rosterbridge.infra.testing.Layering;

/** sso-gateway reads top-down: each package uses only its own layer and the layers below (rules: Layering). */
class LayeringTest {

    @Test
    void packagesReadTopDown() {
        Layering.of("io.rosterbridge.gateway")
                // the login flow's endpoints, pages and cookies
                .layer("rest")
                // logins, sessions, the access policy, the linked districts
                .layer("service")
                // outside the process: login.audit out (messaging), the roster-writer read API (client)
                .layer("messaging", "client")
                .layer("repository")
                // configuration, and the log filter that redacts credentials
                .layer("config", "logging")
                // Known, and not in this change's lane: the district.links listener is an inbound adapter that lives
                // in messaging, below the service it calls. It goes up (beside rest) or messaging gets the service's
                // outbound port, as roster-writer's AppliedSender; then delete this line.
                .except("messaging.DistrictLinkListener", "service",
                        "inbound district.links listener in the outbound messaging package")
                .check();
    }
}
