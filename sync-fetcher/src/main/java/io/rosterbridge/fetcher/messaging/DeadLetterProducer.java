package io.rosterbridge.fetcher.messaging;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.kafka.DeadLetters;

/**
 * The fetcher's {@link DeadLetters} (the shared kafka-sending module): consumed records it cannot process go to
 * {@value Topics#DEAD_LETTER} through the fetcher's own producer, awaited, and count on {@code fetcher.dead.letters}.
 */
public class DeadLetterProducer {

    @Produces
    @Singleton
    DeadLetters deadLetters(EventSender sender, FetcherConfig config, MeterRegistry registry) {
        return new DeadLetters(sender.sink(), Topics.DEAD_LETTER, config.sendTimeout(), registry, "fetcher.dead.letters");
    }
}
