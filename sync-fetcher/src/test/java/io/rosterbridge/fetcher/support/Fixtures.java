package io.rosterbridge.fetcher.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.infra.testing.StaffOidcTestResource;

/** Puts districts on district.links and sends support commands as integration-requests would. */
public final class Fixtures {

    private static KafkaProducer<String, String> producer;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            props.put("acks", "all");
            props.put("key.serializer", StringSerializer.class.getName());
            props.put("value.serializer", StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** Publishes a contract-valid link and waits until the fetcher's link table shows it. */
    public static void link(LinkedDistrictRepository links, String districtId, String status, Collection<String> licensedSchools) {
        ObjectNode link = JSON.createObjectNode()
                .put("schemaVersion", 1)
                .put("districtId", districtId)
                .put("organisationId", "org-" + districtId.substring(0, 6))
                .put("districtName", "District " + districtId)
                .put("status", status)
                .put("updatedAt", Instant.now().toString());
        licensedSchools.forEach(link.putArray("licensedSchoolIds")::add);
        String payload = link.toString();
        EventContracts.assertConforms("district-links", payload);
        send("district.links", districtId, payload);
        Set<String> expected = Set.copyOf(licensedSchools);
        await().atMost(Duration.ofSeconds(20)).until(() -> links.find(districtId)
                .filter(l -> l.status().equals(status) && l.licensedSchoolIds().equals(expected)).isPresent());
    }

    /** Sends a contract-valid sync.requests command. */
    public static void command(String command, String districtId, String runId, String requestedBy, String reason) {
        ObjectNode c = JSON.createObjectNode()
                .put("schemaVersion", 1)
                .put("commandId", java.util.UUID.randomUUID().toString())
                .put("command", command)
                .put("districtId", districtId)
                .put("requestedBy", requestedBy)
                .put("reason", reason)
                .put("requestedAt", Instant.now().toString());
        c.put("runId", runId);
        String payload = c.toString();
        EventContracts.assertConforms("sync-requests", payload);
        send("sync.requests", districtId, payload);
    }

    public static String supportToken() {
        return StaffOidcTestResource.provider().accessToken("sam.support", "sync-fetcher", List.of("support"));
    }

    public static String staffToken() {
        return StaffOidcTestResource.provider().accessToken("olly.ops", "sync-fetcher", List.of("engineering"));
    }

    /** Sends a record as it is, contract or not; returns where it landed. */
    public static RecordMetadata sendRaw(String topic, String key, String payload) {
        return send(topic, key, payload);
    }

    private static RecordMetadata send(String topic, String key, String payload) {
        try {
            return producer().send(new ProducerRecord<>(topic, key, payload)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
