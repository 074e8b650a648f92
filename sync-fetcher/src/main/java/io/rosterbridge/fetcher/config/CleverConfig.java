package io.rosterbridge.fetcher.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How to reach Clever (or the sandbox): the same build runs against either by configuration alone. */
@ConfigMapping(prefix = "clever")
public interface CleverConfig {

    /** Data API host, e.g. https://api.clever.com. */
    String apiBaseUrl();

    /** OAuth host serving /oauth/tokens, e.g. https://clever.com. */
    String oauthBaseUrl();

    /** No default is committed: set CLEVER_CLIENT_ID / CLEVER_CLIENT_SECRET. */
    Optional<String> clientId();

    Optional<String> clientSecret();

    /** Data API version path segment. */
    @WithDefault("v3.0")
    String apiVersion();

    /** Page size for list endpoints; Clever's maximum is 10,000. */
    @WithDefault("10000")
    int pageSize();

    /**
     * Clever allows 1200 requests per minute per token; stay below it. The limit is kept per replica, and holds for the
     * whole app because one replica at a time works on a district (its lease, district_work).
     */
    @WithDefault("1100")
    int requestsPerMinute();

    /**
     * Data API requests per minute of this replica over all tokens together: the app's own budget divided by the number
     * of fetcher replicas (each replica keeps its share; set it for the replica count you run). 0 for no cap.
     */
    @WithDefault("6000")
    int appRequestsPerMinute();

    @WithDefault("60s")
    Duration requestTimeout();

    Retry retry();

    interface Retry {
        /** Attempts per request, the first included, for 429, 5xx (except 501) and I/O errors. */
        @WithDefault("8")
        int maxAttempts();

        @WithDefault("250ms")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }
}
