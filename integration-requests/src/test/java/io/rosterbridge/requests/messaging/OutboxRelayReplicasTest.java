package io.rosterbridge.requests.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.repository.OutboxMessage;
import io.rosterbridge.requests.support.KafkaTopics;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Issue 18: integration-requests runs as two replicas over one database. Two relays (each pass in a transaction and a
 * connection of its own, as two replicas' relays are; this instance's own scheduled relay joins in as a third) drain
 * the same pending outbox: every record is sent exactly once, and the records of each key reach Kafka in the order
 * they were written (district.links is compacted: a link's older status sent last would be the one that stays).
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class OutboxRelayReplicasTest {

    private static final int KEYS = 8;
    /** Per key; written interleaved, so every batch of the relay holds records of every key. */
    private static final int RECORDS_PER_KEY = 75;
    private static final ExecutorService REPLICAS = Executors.newFixedThreadPool(2);

    @Inject
    OutboxRelay relay;

    @AfterAll
    static void stopThreads() {
        REPLICAS.shutdownNow();
    }

    @Test
    void twoRelaysSendEveryRecordOnceAndInOrderPerKey() throws Exception {
        String topic = "relay-replicas-test-" + UUID.randomUUID();
        createTopic(topic, 3);
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            keys.add("district-" + k + "-" + UUID.randomUUID());
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (int seq = 0; seq < RECORDS_PER_KEY; seq++) {
                for (String key : keys) {
                    OutboxMessage message = new OutboxMessage();
                    message.topic = topic;
                    message.recordKey = key;
                    message.payload = "{\"seq\":" + seq + "}";
                    message.createdAt = Instant.now();
                    message.persist();
                }
            }
        });

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> replicas = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            replicas.add(REPLICAS.submit(() -> {
                go.await();
                int sent = 0;
                for (int batch; (batch = QuarkusTransaction.requiringNew().call(relay::relayBatch)) > 0;) {
                    sent += batch;
                }
                return sent;
            }));
        }
        go.countDown();
        for (Future<Integer> replica : replicas) {
            replica.get(2, TimeUnit.MINUTES);
        }

        int total = KEYS * RECORDS_PER_KEY;
        Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(300))
                .until(() -> KafkaTopics.readAll(topic).size() >= total);
        assertThat(QuarkusTransaction.requiringNew().call(() -> OutboxMessage.count("topic = ?1 and sentAt is null", topic)))
                .as("nothing left unsent").isZero();
        List<ConsumerRecord<String, String>> records = KafkaTopics.readAll(topic);
        assertThat(records).as("each record sent once, never twice").hasSize(total);
        // readAll returns each partition's records in offset order, and a key's records all go to one partition.
        Map<String, List<Integer>> sequences = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            sequences.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(seqOf(record.value()));
        }
        List<Integer> written = java.util.stream.IntStream.range(0, RECORDS_PER_KEY).boxed().toList();
        assertThat(sequences).hasSize(KEYS);
        sequences.forEach((key, sent) -> assertThat(sent).as("the records of %s in the order written", key).isEqualTo(written));
    }

    private static int seqOf(String payload) {
        return Integer.parseInt(payload.replaceAll("\\D", ""));
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
