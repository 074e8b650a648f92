package io.rosterbridge.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the system's output topics (sync.runs, roster.applied, roster.dead-letter) from the beginning, in a
 * background thread, and keeps every record so trials can wait for "the run started after this point" or
 * "the applied signal of that run". Survives a broker restart (the consumer reconnects by itself).
 */
final class EventTap implements AutoCloseable {

    static final String SYNC_RUNS = "sync.runs";
    static final String ROSTER_APPLIED = "roster.applied";
    static final String DEAD_LETTER = "roster.dead-letter";

    /** One record as seen; {@code json} is null when the value was not JSON. */
    record Seen(int index, String topic, String key, String value, JsonNode json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final List<Seen> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventTap(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(SYNC_RUNS, ROSTER_APPLIED, DEAD_LETTER)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "reliability-event-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode json = null;
                    try {
                        json = record.value() == null ? null : JSON.readTree(record.value());
                    } catch (Exception e) {
                        // kept as text: the bad-input suite publishes such records on purpose
                    }
                    synchronized (seen) {
                        seen.add(new Seen(seen.size(), record.topic(), record.key(), record.value(), json));
                        seen.notifyAll();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The index the next record will get: "from now on". */
    int mark() {
        synchronized (seen) {
            return seen.size();
        }
    }

    List<Seen> since(int from, String topic) {
        synchronized (seen) {
            return seen.subList(Math.min(from, seen.size()), seen.size()).stream()
                    .filter(s -> s.topic().equals(topic)).toList();
        }
    }

    Optional<Seen> find(int from, String topic, Predicate<JsonNode> match) {
        return since(from, topic).stream().filter(s -> s.json() != null && match.test(s.json())).findFirst();
    }

    /** Waits for the first record at or after {@code from} on {@code topic} that matches; empty on timeout. */
    Optional<Seen> await(int from, String topic, Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seen) {
            while (true) {
                Optional<Seen> found = find(from, topic, match);
                if (found.isPresent()) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    seen.wait(Math.max(1, Math.min(left / 1_000_000, 500)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
