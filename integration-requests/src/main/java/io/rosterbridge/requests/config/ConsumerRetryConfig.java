package io.rosterbridge.requests.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How often a consumed record is applied again when its transaction lost a race with a concurrent one
 * (another channel or replica changed the same run or district first); after that it is dead-lettered.
 */
@ConfigMapping(prefix = "consumer-retry")
public interface ConsumerRetryConfig {

    @WithDefault("10")
    int maxAttempts();

    /** First pause between attempts; it doubles (with jitter) up to {@link #maxBackoff()}. */
    @WithDefault("10ms")
    Duration backoff();

    @WithDefault("500ms")
    Duration maxBackoff();
}
