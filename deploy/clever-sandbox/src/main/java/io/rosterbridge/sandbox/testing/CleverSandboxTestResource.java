package io.rosterbridge.sandbox.testing;

import java.util.Arrays;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;

/**
 * Starts one Clever sandbox per JVM (demo district seeded) and points the service at it:
 * {@code clever.api-base-url}, {@code clever.oauth-base-url}, {@code clever.client-id},
 * {@code clever.client-secret}. Init arg {@code redirect-uris} (comma separated, first = primary) registers
 * the app's redirect URIs. Tests reach the instance through {@link #sandbox()}.
 */
public class CleverSandboxTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String REDIRECT_URIS = "redirect-uris";

    private static CleverSandbox sandbox;

    private String redirectUris = "";

    public static synchronized CleverSandbox sandbox() {
        if (sandbox == null) {
            sandbox = CleverSandbox.start(SandboxOptions.defaults());
            CleverSandbox started = sandbox;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "clever-sandbox-shutdown"));
        }
        return sandbox;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        redirectUris = initArgs.getOrDefault(REDIRECT_URIS, "");
    }

    @Override
    public Map<String, String> start() {
        CleverSandbox running = sandbox();
        Arrays.stream(redirectUris.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(running::addRedirectUri);
        return Map.of(
                "clever.api-base-url", running.baseUrl(),
                "clever.oauth-base-url", running.baseUrl(),
                "clever.client-id", running.clientId(),
                "clever.client-secret", running.clientSecret());
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; stopped at exit.
    }
}
