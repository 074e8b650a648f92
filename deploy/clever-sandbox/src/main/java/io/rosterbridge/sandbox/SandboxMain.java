package io.rosterbridge.sandbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the sandbox for the local stack: {@code java -jar deploy/clever-sandbox/target/clever-sandbox.jar}.
 * Environment: {@code SANDBOX_PORT} (8090), {@code SANDBOX_HOST} (localhost), {@code CLEVER_CLIENT_ID} and
 * {@code CLEVER_CLIENT_SECRET} (generated when unset), {@code SANDBOX_REDIRECT_URIS} (comma separated,
 * first = primary), {@code SANDBOX_RATE_LIMIT_PER_MINUTE} (1200), {@code SANDBOX_EVENT_RETENTION_DAYS} (30),
 * {@code SANDBOX_GENERATE_USERS} and {@code SANDBOX_GENERATE_SEED} (an extra generated district at start).
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SandboxOptions options = SandboxOptions.defaults()
                .withPort(Integer.parseInt(env("SANDBOX_PORT", "8090")))
                .withHost(env("SANDBOX_HOST", "localhost"))
                .withClientId(System.getenv("CLEVER_CLIENT_ID"))
                .withClientSecret(System.getenv("CLEVER_CLIENT_SECRET"))
                .withRedirectUris(list(env("SANDBOX_REDIRECT_URIS", "")))
                .withRateLimitPerMinute(Integer.parseInt(env("SANDBOX_RATE_LIMIT_PER_MINUTE", "1200")))
                .withEventRetention(Duration.ofDays(Long.parseLong(env("SANDBOX_EVENT_RETENTION_DAYS", "30"))));
        CleverSandbox sandbox = CleverSandbox.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "clever-sandbox-shutdown"));

        String generate = System.getenv("SANDBOX_GENERATE_USERS");
        if (generate != null && !generate.isBlank()) {
            long started = System.nanoTime();
            String district = sandbox.world().generateDistrict("Generated District", Integer.parseInt(generate.trim()),
                    Long.parseLong(env("SANDBOX_GENERATE_SEED", "1")));
            System.out.printf("Generated district %s with %s users in %d ms%n", district, generate.trim(),
                    (System.nanoTime() - started) / 1_000_000);
        }

        System.out.println("Clever sandbox listening on " + sandbox.baseUrl());
        System.out.println("  client id: " + sandbox.clientId());
        if (System.getenv("CLEVER_CLIENT_SECRET") == null) {
            System.out.println("  client secret: " + sandbox.clientSecret() + " (generated for this run; set CLEVER_CLIENT_SECRET to fix it)");
        } else {
            System.out.println("  client secret: from CLEVER_CLIENT_SECRET");
        }
        System.out.println("  redirect URIs: " + sandbox.redirectUris());
        if (sandbox.demoDistrictId() != null) {
            System.out.println("  demo district: " + sandbox.demoDistrictId());
        }
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
