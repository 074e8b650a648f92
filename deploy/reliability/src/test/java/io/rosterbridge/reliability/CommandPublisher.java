package io.rosterbridge.reliability;

import java.time.Instant;
import java.util.Collection;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rosterbridge.contracts.EventContracts;

/**
 * What integration-requests would publish, written by hand: district links and support commands. Every payload
 * is checked against docs/events before it is sent, so the harness drives the services only through their
 * contracts. Sends are awaited (acks=all) and keyed by district.
 */
final class CommandPublisher implements AutoCloseable {

    static final String DISTRICT_LINKS = "district.links";
    static final String SYNC_REQUESTS = "sync.requests";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, String> producer;

    CommandPublisher(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        producer = new KafkaProducer<>(props);
    }

    /** Links the district as active with exactly these licensed schools. */
    void link(String districtId, String name, Collection<String> licensedSchoolIds) {
        ObjectNode link = JSON.createObjectNode()
                .put("schemaVersion", 1)
                .put("districtId", districtId)
                .put("organisationId", "org-" + districtId.substring(16))
                .put("districtName", name)
                .put("status", "active");
        licensedSchoolIds.forEach(link.putArray("licensedSchoolIds")::add);
        link.put("updatedAt", Instant.now().toString());
        sendContract("district-links", DISTRICT_LINKS, districtId, link.toString());
    }

    void requestSync(String districtId, String reason) {
        sendContract("sync-requests", SYNC_REQUESTS, districtId, command("sync", districtId, null, reason));
    }

    void approveHeld(String districtId, String runId, String reason) {
        sendContract("sync-requests", SYNC_REQUESTS, districtId, command("approve-held", districtId, runId, reason));
    }

    private static String command(String command, String districtId, String runId, String reason) {
        return JSON.createObjectNode()
                .put("schemaVersion", 1)
                .put("commandId", UUID.randomUUID().toString())
                .put("command", command)
                .put("districtId", districtId)
                .put("runId", runId)
                .put("requestedBy", "reliability-harness")
                .put("reason", reason)
                .put("requestedAt", Instant.now().toString())
                .toString();
    }

    private void sendContract(String schema, String topic, String key, String json) {
        EventContracts.assertConforms(schema, json);
        send(topic, key, json);
    }

    /** Sends anything, contract or not (the bad-input suite's malformed records). */
    void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
