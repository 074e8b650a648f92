package io.rosterbridge.fetcher.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.fetcher.config.FetcherConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends the fetcher's events with a plain KafkaProducer rather than a reactive-messaging Emitter:
 * a first sync of 100k users is 100k sends, and the fetcher needs to fire a whole page asynchronously
 * and then wait for every acknowledgement of that page before it advances its fingerprints. The
 * producer is idempotent with acks=all, so a retried batch is not duplicated and order per key holds.
 */
@ApplicationScoped
public class EventSender {

    private final ObjectMapper json = new ObjectMapper();
    private final KafkaProducer<String, String> producer;
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
        this.sendTimeout = config.sendTimeout();
    }

    /** Sends a record as it is (a dead letter keeps the original value and carries headers) and waits for its acknowledgement. */
    public void sendRecordNow(ProducerRecord<String, String> record) {
        Batch batch = batch();
        batch.send(record);
        batch.await();
    }

    /** A group of sends awaited together (one page of changes). */
    public Batch batch() {
        return new Batch();
    }

    /** Sends one event and waits for the broker's acknowledgement. */
    public void sendNow(String topic, String key, Object payload) {
        Batch batch = batch();
        batch.send(topic, key, payload);
        batch.await();
    }

    public final class Batch {
        private final List<CompletableFuture<Void>> pending = new ArrayList<>();

        public void send(String topic, String key, Object payload) {
            String value;
            try {
                value = json.writeValueAsString(payload);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot serialise event for " + topic, e);
            }
            send(new ProducerRecord<>(topic, key, value));
        }

        void send(ProducerRecord<String, String> record) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
            pending.add(acked);
        }

        /** Waits until Kafka acknowledged every send of the batch; throws if any failed or timed out. */
        public void await() {
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " events: " + e.getMessage(), e);
            } finally {
                pending.clear();
            }
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
