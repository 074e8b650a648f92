package io.rosterbridge.writer.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.rosterbridge.contracts.rosterdeadletter.DeadLetterEvent;
import io.rosterbridge.kafka.KafkaSender;
import io.rosterbridge.writer.config.WriterConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends a rejected roster.changes record to roster.dead-letter under its original key, with the reason, and
 * counts it ({@code roster_writer_dead_letters_total} on /q/metrics).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;
    private final WriterConfig config;
    private final Counter deadLetters;

    @Inject
    public DeadLetterPublisher(@Channel(Channels.ROSTER_DEAD_LETTER) MutinyEmitter<String> emitter, ObjectMapper json,
            WriterConfig config, MeterRegistry registry) {
        this.emitter = emitter;
        this.json = json;
        this.config = config;
        this.deadLetters = Counter.builder("roster.writer.dead.letters")
                .description("roster.changes messages sent to roster.dead-letter")
                .register(registry);
    }

    public void publish(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(), record.key(), reason);
        DeadLetterEvent event = new DeadLetterEvent(reason, record.topic(), record.partition(), record.offset(),
                record.value(), Instant.now());
        KafkaSender.sendAndAwait(emitter, json, record.key(), event, config.sendTimeout());
        deadLetters.increment();
    }
}
