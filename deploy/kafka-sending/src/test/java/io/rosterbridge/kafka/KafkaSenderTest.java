package io.rosterbridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rosterbridge.infra.testing.SharedInfrastructure;

/** Sends through a plain producer to a real (embedded) broker and reads back what arrived. */
class KafkaSenderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static String bootstrap;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void start() {
        bootstrap = SharedInfrastructure.get().kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    @AfterAll
    static void stop() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aBatchIsOnTheBrokerWhenAwaitReturns() {
        String topic = "batch-" + UUID.randomUUID();
        KafkaSender.Batch batch = KafkaSender.batch(RecordSink.producer(producer), TIMEOUT);
        for (int i = 0; i < 50; i++) {
            batch.send(KeyedRecord.of(topic, "district-" + (i % 3), "{\"n\":" + i + "}"));
        }
        batch.await();

        List<ConsumerRecord<String, String>> read = readAll(topic, 50);
        assertThat(read).hasSize(50);
        assertThat(read).filteredOn(r -> r.key().equals("district-1")).extracting(ConsumerRecord::value)
                .startsWith("{\"n\":1}", "{\"n\":4}", "{\"n\":7}");
    }

    @Test
    void aRefusedRecordFailsTheAwaitNamingTheTopic() {
        String topic = "refused-" + UUID.randomUUID();
        KafkaSender.Batch batch = KafkaSender.batch(RecordSink.producer(producer), TIMEOUT);
        batch.send(KeyedRecord.of(topic, "k", "fits"));
        batch.send(KeyedRecord.of(topic, "k", "x".repeat(100 * 1024))); // over max.request.size

        assertThatThrownBy(batch::await).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not acknowledge 2 record(s) for " + topic)
                .hasCauseInstanceOf(RecordTooLargeException.class);
    }

    @Test
    void aSendWithoutAcknowledgementTimesOut() {
        RecordSink silent = record -> new CompletableFuture<>();

        assertThatThrownBy(() -> KafkaSender.sendAndAwait(silent, KeyedRecord.of("t", "k", "v"), Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not acknowledge 1 record(s) for t");
    }

    @Test
    void aDeadLetterKeepsKeyAndValueAndSaysWhy() {
        String deadLetterTopic = "dead-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeadLetters deadLetters = new DeadLetters(RecordSink.producer(producer), deadLetterTopic, TIMEOUT, registry, "test.dead.letters");
        ConsumerRecord<String, String> consumed = new ConsumerRecord<>("district.links", 2, 41L, "district-9", "{not json");

        deadLetters.park(consumed, "unreadable district.links message");

        ConsumerRecord<String, String> letter = readAll(deadLetterTopic, 1).get(0);
        assertThat(letter.key()).isEqualTo("district-9");
        assertThat(letter.value()).isEqualTo("{not json");
        assertThat(header(letter, DeadLetters.REASON)).isEqualTo("unreadable district.links message");
        assertThat(header(letter, DeadLetters.TOPIC)).isEqualTo("district.links");
        assertThat(header(letter, DeadLetters.PARTITION)).isEqualTo("2");
        assertThat(header(letter, DeadLetters.OFFSET)).isEqualTo("41");
        assertThat(registry.counter("test.dead.letters", "topic", "district.links").count()).isEqualTo(1.0);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            return read;
        }
    }
}
