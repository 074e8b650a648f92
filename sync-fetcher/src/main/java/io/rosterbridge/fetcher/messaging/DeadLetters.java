package io.rosterbridge.fetcher.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Parks a consumed record the fetcher cannot process on {@value Topics#DEAD_LETTER}: the original key and value,
 * unchanged, with the reason and where it came from in the headers (the headers SmallRye's dead-letter-queue strategy
 * writes, so every service's dead letters read alike). The send is awaited: the consumed record's offset is committed
 * only once its dead letter is on the broker, and a dead letter that cannot be sent fails the channel instead.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final EventSender sender;
    private final MeterRegistry registry;

    public DeadLetters(EventSender sender, MeterRegistry registry) {
        this.sender = sender;
        this.registry = registry;
    }

    public void park(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(), record.key(), reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", bytes(reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        sender.sendRecordNow(new ProducerRecord<>(Topics.DEAD_LETTER, null, record.key(), record.value(), headers));
        registry.counter("fetcher.dead.letters", "topic", record.topic()).increment();
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
