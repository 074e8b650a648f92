package io.rosterbridge.requests.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How often a transaction that lost a race with a concurrent one (a consumed record, a support action, the
 * connection check changing the same district or run first) runs again on fresh data before it gives up.
 */
@ConfigMapping(prefix = "transaction-retry")
public interface TransactionRetryConfig {

    @WithDefault("10")
    int maxAttempts();

    /** First pause between attempts; it doubles (with jitter) up to {@link #maxBackoff()}. */
    @WithDefault("10ms")
    Duration backoff();

    @WithDefault("500ms")
    Duration maxBackoff();
}
