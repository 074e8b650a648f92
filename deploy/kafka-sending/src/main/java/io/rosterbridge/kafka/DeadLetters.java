package io.rosterbridge.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Parks a consumed record a service cannot process on its dead-letter topic: the original key and value, unchanged,
 * with the reason and where it came from in the headers (the headers SmallRye's dead-letter-queue strategy writes, so
 * every service's dead letters read alike). The send is awaited: the consumed record's offset is committed only once
 * its dead letter is on the broker, and a dead letter that cannot be sent throws, which fails the channel instead.
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final RecordSink sink;
    private final String deadLetterTopic;
    private final Duration timeout;
    private final MeterRegistry registry;
    private final String counterName;

    /**
     * @param deadLetterTopic where letters go; {@code null} when the sink is a channel bound to the dead-letter topic
     * @param counterName     the counter each letter increments, tagged with the consumed topic
     */
    public DeadLetters(RecordSink sink, String deadLetterTopic, Duration timeout, MeterRegistry registry, String counterName) {
        this.sink = sink;
        this.deadLetterTopic = deadLetterTopic;
        this.timeout = timeout;
        this.registry = registry;
        this.counterName = counterName;
    }

    public void park(ConsumerRecord<String, String> consumed, String reason) {
        // Key (a Clever district id) and position only: the value may hold names.
        LOG.warnf("Dead-lettering %s-%d@%d (key %s): %s", consumed.topic(), consumed.partition(), consumed.offset(), consumed.key(), reason);
        KafkaSender.sendAndAwait(sink, letter(deadLetterTopic, consumed, reason), timeout);
        registry.counter(counterName, "topic", consumed.topic()).increment();
    }

    /** The dead letter of {@code consumed}: its key and value as they were, the reason and origin in headers. */
    public static KeyedRecord letter(String deadLetterTopic, ConsumerRecord<String, String> consumed, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(reason));
        headers.add(TOPIC, bytes(consumed.topic()));
        headers.add(PARTITION, bytes(Integer.toString(consumed.partition())));
        headers.add(OFFSET, bytes(Long.toString(consumed.offset())));
        return new KeyedRecord(deadLetterTopic, consumed.key(), consumed.value(), headers);
    }

    private static byte[] bytes(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
