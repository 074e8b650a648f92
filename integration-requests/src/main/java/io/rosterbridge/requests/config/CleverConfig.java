package io.rosterbridge.requests.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Clever is and this app's credentials there (no defaults for the credentials). */
@ConfigMapping(prefix = "clever")
public interface CleverConfig {

    @WithDefault("https://api.clever.com")
    String apiBaseUrl();

    @WithDefault("https://clever.com")
    String oauthBaseUrl();

    Optional<String> clientId();

    Optional<String> clientSecret();

    /** Data API version path segment. */
    @WithDefault("v3.0")
    String apiVersion();

    /** Page size of the sharing check's lists (each page is read whole). */
    @WithDefault("1000")
    int pageSize();

    /**
     * Requests per minute per district token. Clever allows 1200 per token, and sync-fetcher uses the same tokens
     * (1100 by default): the sharing check keeps to the rest.
     */
    @WithDefault("100")
    int requestsPerMinute();

    @WithDefault("10s")
    Duration requestTimeout();

    Retry retry();

    /** Clever answers 429 or 5xx: a few short retries, so "Check now" answers within seconds; the schedule tries again. */
    interface Retry {
        /** Attempts per request, the first included. */
        @WithDefault("3")
        int maxAttempts();

        @WithDefault("250ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }

    /** How often connected/shared detection polls Clever ({@code off} disables the schedule). */
    @WithDefault("5m")
    String pollInterval();
}
