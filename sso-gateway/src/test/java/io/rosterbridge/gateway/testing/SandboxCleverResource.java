package io.rosterbridge.gateway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;

/**
 * The Clever sandbox as the gateway's identity provider, on a clock tests can move (codes live 60 s). The gateway
 * gets a fixed test port so its callback can be registered as the app's primary redirect URI, where Portal and
 * Instant Login logins land, exactly as at Clever.
 */
public class SandboxCleverResource implements QuarkusTestResourceLifecycleManager {

    private static final TestClock CLOCK = new TestClock();
    private static CleverSandbox sandbox;
    private static int gatewayPort;

    public static synchronized CleverSandbox sandbox() {
        if (sandbox == null) {
            // Test resources may start on a pool thread whose context class loader is not Quarkus's: the sandbox
            // must resolve classes and services (Vert.x JSON) from its own class loader, or two copies of them meet.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(CleverSandbox.class.getClassLoader());
            try {
                sandbox = CleverSandbox.start(SandboxOptions.defaults().withClock(CLOCK));
            } finally {
                thread.setContextClassLoader(previous);
            }
            // Chosen after the sandbox has bound its own free port, so the two can't be handed the same one.
            do {
                gatewayPort = freePort();
            } while (gatewayPort == sandbox.port());
            sandbox.addRedirectUri("http://localhost:" + gatewayPort + "/auth/callback");
            CleverSandbox started = sandbox;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "clever-sandbox-shutdown"));
        }
        return sandbox;
    }

    public static TestClock clock() {
        return CLOCK;
    }

    @Override
    public Map<String, String> start() {
        CleverSandbox running = sandbox();
        return Map.of(
                "clever.oauth-base-url", running.baseUrl(),
                "clever.client-id", running.clientId(),
                "clever.client-secret", running.clientSecret(),
                "quarkus.http.test-port", String.valueOf(gatewayPort));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    @Override
    public void stop() {
        // Shared by the JVM's test classes; stopped at exit.
    }
}
