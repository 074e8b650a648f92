package io.rosterbridge.fetcher.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.kafka.KafkaSender;
import io.rosterbridge.kafka.KeyedRecord;
import io.rosterbridge.kafka.RecordSink;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends the fetcher's events with a plain KafkaProducer rather than a reactive-messaging Emitter:
 * a first sync of 100k users is 100k sends, and the fetcher needs to fire a whole page asynchronously
 * and then wait for every acknowledgement of that page before it advances its fingerprints. Sends go through
 * the shared kafka-sending module ({@link KafkaSender}), with this producer as its {@link RecordSink}. The
 * producer is idempotent with acks=all, so a retried batch is not duplicated and order per key holds.
 */
@ApplicationScoped
public class EventSender {

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaProducer<String, String> producer;
    private final RecordSink sink;
    private final Duration sendTimeout;

    @Inject
    public EventSender(@Identifier("default-kafka-broker") Map<String, Object> kafka, FetcherConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get("bootstrap.servers"));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put("max.in.flight.requests.per.connection", 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sync-fetcher");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(props);
        this.sink = RecordSink.producer(producer);
        this.sendTimeout = config.sendTimeout();
    }

    /** A group of sends fired at once and awaited together (one page of changes). */
    public KafkaSender.Batch batch() {
        return KafkaSender.batch(sink, sendTimeout);
    }

    /** {@code payload} as the JSON value of a record on {@code topic}, keyed by {@code key}. */
    public KeyedRecord record(String topic, String key, Object payload) {
        return KeyedRecord.json(json, topic, key, payload);
    }

    /** A roster.change on roster.changes, keyed by its district ({@link RosterChangeJson}: no reflection per event). */
    public KeyedRecord change(RosterChange change) {
        return KeyedRecord.of(Topics.ROSTER_CHANGES, change.districtId(), RosterChangeJson.write(change));
    }

    /** Sends one event and waits for the broker's acknowledgement. */
    public void sendNow(String topic, String key, Object payload) {
        KafkaSender.sendAndAwait(sink, record(topic, key, payload), sendTimeout);
    }

    /** The tuned producer as a sink, for the dead letters of the fetcher's consumers. */
    public RecordSink sink() {
        return sink;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
