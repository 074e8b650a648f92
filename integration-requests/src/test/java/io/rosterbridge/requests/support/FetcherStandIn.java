package io.rosterbridge.requests.support;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.requests.messaging.Topics;

/**
 * Plays sync-fetcher for one district: waits for a sync command on sync.requests (checking it
 * against the contract), then reports a run on sync.runs — started, progress, completed.
 */
public final class FetcherStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final CompletableFuture<UUID> run = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** Starts listening from the current end of sync.requests, so only new commands count. */
    public FetcherStandIn(String districtId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fetcher-stand-in-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.SYNC_REQUESTS, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(Topics.SYNC_REQUESTS, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(() -> serve(districtId), "fetcher-stand-in");
        thread.start();
    }

    /** The run id once the run completed. */
    public CompletableFuture<UUID> completedRun() {
        return run;
    }

    private void serve(String districtId) {
        try {
            while (!stopped) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode command = JSON.readTree(record.value());
                    if (districtId.equals(record.key()) && "sync".equals(command.path("command").asText())) {
                        EventContracts.assertConforms("sync-requests", record.value());
                        run.complete(runSync(districtId, command.path("requestedBy").asText()));
                        return;
                    }
                }
            }
        } catch (Throwable e) {
            run.completeExceptionally(e);
        } finally {
            consumer.close();
        }
    }

    private static UUID runSync(String districtId, String requestedBy) throws InterruptedException {
        UUID runId = UUID.randomUUID();
        KafkaTopics.send(Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(runId, districtId, "started", "support", null));
        Thread.sleep(1500);
        KafkaTopics.send(Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(runId, districtId, "progress", "support",
                "\"fetched\":{\"schools\":2,\"users\":900}"));
        Thread.sleep(1500);
        KafkaTopics.send(Topics.SYNC_RUNS, districtId, RecordedEvents.runEvent(runId, districtId, "completed", "support",
                "\"fetched\":{\"schools\":2,\"users\":1700}," + RecordedEvents.counts(1702, 0, 0, 0) + ",\"durationMs\":3000"));
        return runId;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5000);
    }
}
