package io.rosterbridge.gateway.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The real broker, as other services use it: publish district links, read login.audit. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A contract-valid district.links record, as integration-requests publishes it. */
    public static JsonObject districtLink(String districtId, String status) {
        return new JsonObject()
                .put("schemaVersion", 1)
                .put("districtId", districtId)
                .put("organisationId", "org-" + districtId.substring(0, 6))
                .put("districtName", "District " + districtId.substring(0, 6))
                .put("status", status)
                .put("licensedSchoolIds", new JsonArray())
                .put("updatedAt", Instant.now().toString());
    }

    public static void publishLink(JsonObject link) {
        publish("district.links", link.getString("districtId"), link.encode());
    }

    /** Sends a record as it is, contract or not; returns where it landed. */
    public static org.apache.kafka.clients.producer.RecordMetadata publish(String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + topic, e);
        }
    }

    /** Reads sso-gateway.dead-letter from the start until a record matches, or fails after {@code timeout}. */
    public static ConsumerRecord<String, String> awaitDeadLetter(Predicate<ConsumerRecord<String, String>> matching, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("sso-gateway.dead-letter"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No matching sso-gateway.dead-letter record within " + timeout);
    }

    /** A header's text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads login.audit from the start until a record matches, or fails after {@code timeout}. */
    public static ConsumerRecord<String, String> awaitAudit(Predicate<JsonObject> matching, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("login.audit"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.value());
                    if (matching.test(new JsonObject(record.value()))) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("No matching login.audit record within " + timeout + "; saw " + seen.size() + ": " + seen);
    }

    public static Predicate<JsonObject> auditOf(String outcome, String cleverUserId) {
        return event -> outcome.equals(event.getString("outcome")) && cleverUserId.equals(event.getString("cleverUserId"));
    }

    /** Like {@link #auditOf(String, String)}, for events that occurred from {@code since} on. */
    public static Predicate<JsonObject> auditOf(String outcome, String cleverUserId, Instant since) {
        return auditOf(outcome, cleverUserId).and(event -> !Instant.parse(event.getString("occurredAt")).isBefore(since));
    }
}
