package io.rosterbridge.gateway.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.micrometer.core.instrument.MeterRegistry;
import io.rosterbridge.kafka.DeadLetters;
import io.rosterbridge.kafka.RecordSink;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The gateway's {@link DeadLetters}: consumed records it cannot process go to {@code sso-gateway.dead-letter} (the
 * {@value Channels#DEAD_LETTER} channel, acks=all), counted as {@code gateway.dead.letters} by source topic.
 */
@ApplicationScoped
public class DeadLetterChannel {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Produces
    @Singleton
    DeadLetters deadLetters(@Channel(Channels.DEAD_LETTER) MutinyEmitter<String> channel, MeterRegistry registry) {
        return new DeadLetters(RecordSink.channel(channel), null, SEND_TIMEOUT, registry, "gateway.dead.letters");
    }
}
