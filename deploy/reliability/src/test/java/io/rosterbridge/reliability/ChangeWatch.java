package io.rosterbridge.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches roster.changes from "now" for one district's records, to aim a kill at the moment sync-fetcher is sending
 * live updates. Not kept in {@link EventTap}: a full sync's changes (100,000 users in the full variant) need not be
 * held in memory for this one question.
 */
final class ChangeWatch implements AutoCloseable {

    static final String ROSTER_CHANGES = "roster.changes";

    private final KafkaConsumer<String, String> consumer;
    private long seen;

    ChangeWatch(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(ROSTER_CHANGES, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(ROSTER_CHANGES, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "the end" now, before the changes to watch are made
    }

    /** Waits until at least one record keyed {@code districtId} arrived; returns how many arrived so far (0: none in time). */
    long awaitFirst(String districtId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen == 0 && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (districtId.equals(record.key())) {
                    seen++;
                }
            }
        }
        return seen;
    }

    /** Records keyed {@code districtId} seen so far, after reading what has arrived meanwhile. */
    long seen(String districtId) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            if (districtId.equals(record.key())) {
                seen++;
            }
        }
        return seen;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
