package io.rosterbridge.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to start a sandbox. {@link #defaults()}: a free port, the demo district, a generated client id and
 * secret, no redirect URIs, 1200 requests per minute per token, events kept 30 days.
 */
public final class SandboxOptions {

    private final int port;
    private final String host;
    private final String clientId;
    private final String clientSecret;
    private final List<String> redirectUris;
    private final boolean demoDistrict;
    private final int rateLimitPerMinute;
    private final Duration eventRetention;
    private final Clock clock;

    private SandboxOptions(int port, String host, String clientId, String clientSecret, List<String> redirectUris,
            boolean demoDistrict, int rateLimitPerMinute, Duration eventRetention, Clock clock) {
        this.port = port;
        this.host = host;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUris = List.copyOf(redirectUris);
        this.demoDistrict = demoDistrict;
        this.rateLimitPerMinute = rateLimitPerMinute;
        this.eventRetention = eventRetention;
        this.clock = clock;
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(0, "localhost", null, null, List.of(), true, 1200, Duration.ofDays(30), Clock.systemUTC());
    }

    /** 0 picks a free port. */
    public SandboxOptions withPort(int newPort) {
        if (newPort < 0 || newPort > 65_535) {
            throw new IllegalArgumentException("port out of range: " + newPort);
        }
        return new SandboxOptions(newPort, host, clientId, clientSecret, redirectUris, demoDistrict, rateLimitPerMinute,
                eventRetention, clock);
    }

    /** Interface to listen on ({@code localhost} by default; {@code 0.0.0.0} for all). */
    public SandboxOptions withHost(String newHost) {
        return new SandboxOptions(port, Objects.requireNonNull(newHost), clientId, clientSecret, redirectUris,
                demoDistrict, rateLimitPerMinute, eventRetention, clock);
    }

    public SandboxOptions withClientId(String newClientId) {
        return new SandboxOptions(port, host, newClientId, clientSecret, redirectUris, demoDistrict, rateLimitPerMinute,
                eventRetention, clock);
    }

    public SandboxOptions withClientSecret(String newClientSecret) {
        return new SandboxOptions(port, host, clientId, newClientSecret, redirectUris, demoDistrict, rateLimitPerMinute,
                eventRetention, clock);
    }

    /** The app's redirect URIs; the first is the primary one (Clever Portal and Instant Login land there). */
    public SandboxOptions withRedirectUris(List<String> uris) {
        return new SandboxOptions(port, host, clientId, clientSecret, uris, demoDistrict, rateLimitPerMinute,
                eventRetention, clock);
    }

    public SandboxOptions withDemoDistrict(boolean seedDemo) {
        return new SandboxOptions(port, host, clientId, clientSecret, redirectUris, seedDemo, rateLimitPerMinute,
                eventRetention, clock);
    }

    public SandboxOptions withRateLimitPerMinute(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("rate limit must be positive");
        }
        return new SandboxOptions(port, host, clientId, clientSecret, redirectUris, demoDistrict, limit, eventRetention,
                clock);
    }

    public SandboxOptions withEventRetention(Duration retention) {
        return new SandboxOptions(port, host, clientId, clientSecret, redirectUris, demoDistrict, rateLimitPerMinute,
                Objects.requireNonNull(retention), clock);
    }

    /** The clock for timestamps, code expiry, rate windows and event retention (tests move it). */
    public SandboxOptions withClock(Clock newClock) {
        return new SandboxOptions(port, host, clientId, clientSecret, redirectUris, demoDistrict, rateLimitPerMinute,
                eventRetention, Objects.requireNonNull(newClock));
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public List<String> redirectUris() {
        return redirectUris;
    }

    public boolean demoDistrict() {
        return demoDistrict;
    }

    public int rateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    public Duration eventRetention() {
        return eventRetention;
    }

    public Clock clock() {
        return clock;
    }
}
