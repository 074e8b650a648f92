package io.rosterbridge.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Parks a consumed record the gateway cannot process on {@code sso-gateway.dead-letter}: the original key and value,
 * unchanged, with the reason and where it came from in the headers (the headers SmallRye's dead-letter-queue strategy
 * writes, so every service's dead letters read alike). The send is awaited: the consumed record's offset is committed
 * only once its dead letter is on the broker, and a dead letter that cannot be sent fails the channel instead.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    @Channel(Channels.DEAD_LETTER)
    MutinyEmitter<Record<String, String>> emitter;

    @Inject
    MeterRegistry registry;

    public void park(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(), record.key(), reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        Message<Record<String, String>> letter = Message.of(Record.of(record.key(), record.value()))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build());
        emitter.sendMessage(letter).await().atMost(SEND_TIMEOUT);
        registry.counter("gateway.dead.letters", "topic", record.topic()).increment();
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
