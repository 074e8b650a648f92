package io.rosterbridge.requests.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The transactional outbox relay. */
@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {

    /** Safety-net interval of the relay; every commit also triggers it at once. */
    @WithDefault("2s")
    String relayInterval();

    @WithDefault("100")
    int batchSize();

    @WithDefault("30s")
    Duration ackTimeout();
}
