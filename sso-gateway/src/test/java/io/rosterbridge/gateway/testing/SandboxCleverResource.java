package io.rosterbridge.gateway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
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

    private static synchronized CleverSandbox sandbox() {
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

    // Tests reach the sandbox only through these JDK-typed calls: it may live in another class loader than the
    // test class (Quarkus test resources and test classes are not always loaded by the same one).

    public static void advanceClock(Duration by) {
        CLOCK.advance(by);
    }

    public static void resetClock() {
        CLOCK.reset();
    }

    public static String baseUrl() {
        return sandbox().baseUrl();
    }

    public static String clientId() {
        return sandbox().clientId();
    }

    public static String clientSecret() {
        return sandbox().clientSecret();
    }

    public static String demoDistrictId() {
        return sandbox().demoDistrictId();
    }

    public static String instantLoginUrl(String userId) {
        return sandbox().instantLoginUrl(userId);
    }

    public static List<String> userIds(String districtId, String role) {
        return List.copyOf(sandbox().world().userIds(districtId, role));
    }

    public static List<String> schoolIds(String districtId) {
        return List.copyOf(sandbox().world().schoolIds(districtId));
    }

    /** Every e-mail address and name (first, last, "first last") of the district's users: what no log line may hold. */
    public static List<String> personalData(String districtId) {
        var world = sandbox().world();
        return world.read(() -> world.districtData(districtId).users().values().stream()
                .flatMap(user -> java.util.stream.Stream.of(user.email(), user.first(), user.last(), user.first() + " " + user.last()))
                .filter(value -> value != null && !value.isBlank())
                .distinct()
                .toList());
    }

    public static String generateDistrict(String name, int users, long seed) {
        return sandbox().world().generateDistrict(name, users, seed);
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
