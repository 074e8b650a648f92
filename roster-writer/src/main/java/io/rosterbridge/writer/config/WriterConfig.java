package io.rosterbridge.writer.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "roster-writer")
public interface WriterConfig {

    /** How long an awaited send (roster.applied, roster.dead-letter) may wait for the broker's ack. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** Attempts at applying a batch before the consumer gives up and the channel fails (health turns DOWN). */
    @WithDefault("3")
    int applyAttempts();

    /**
     * Database connections a poll's changes are applied on at once, each entity always on the same one
     * (service.ApplyLanes). 1 applies a poll in one transaction.
     */
    @WithDefault("2")
    int applyLanes();

    /** Wait before the second attempt; doubled for each further one. */
    @WithDefault("PT1S")
    Duration applyRetryBackoff();

    /** How often owed roster.applied signals (left unsent by a crash or a broker outage) are retried. */
    @WithDefault("30s")
    Duration appliedRetryInterval();

    /** How many owed roster.applied signals one publishing round sends at most. */
    @WithDefault("100")
    int appliedPublishBatch();

    /**
     * How long the idempotency log keeps an event id. Must be longer than roster.changes keeps its events (Kafka's
     * default: 7 days), or a replay from the topic's start could apply an event whose id was pruned a second time.
     */
    @WithDefault("P30D")
    Duration processedEventRetention();

    /** How often event ids older than the retention are deleted. */
    @WithDefault("1h")
    Duration processedEventPruneInterval();
}
