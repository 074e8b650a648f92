package io.rosterbridge.infra.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rosterbridge.infra.oidc.StaffIdentityProvider;

/**
 * Starts the staff identity provider for one test class and points {@code quarkus.oidc.auth-server-url}
 * at it. Tests get tokens through {@link #provider()}.
 */
public class StaffOidcTestResource implements QuarkusTestResourceLifecycleManager {

    private static StaffIdentityProvider provider;

    public static synchronized StaffIdentityProvider provider() {
        if (provider == null) {
            provider = new StaffIdentityProvider().start(0);
            StaffIdentityProvider started = provider;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "staff-oidc-shutdown"));
        }
        return provider;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.oidc.auth-server-url", provider().issuerUrl());
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; stopped at exit.
    }
}
