package io.rosterbridge.fetcher.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.EventContracts;

/**
 * Everything the fetcher wrote to roster.changes and sync.runs, read from the real broker by a
 * background consumer; every message is checked against its contract in docs/events as it arrives.
 */
public final class KafkaEventLog {

    /** A message as read: its topic, key and parsed value. */
    public record Event(String topic, String key, JsonNode value) {
        public String text(String field) {
            JsonNode v = value.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }
    }

    private static KafkaEventLog instance;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    public static synchronized KafkaEventLog get() {
        if (instance == null) {
            instance = new KafkaEventLog();
            instance.start();
        }
        return instance;
    }

    private void start() {
        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put("group.id", "fetcher-test-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("metadata.max.age.ms", "1000");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of("roster.changes", "sync.runs"));
        Thread thread = new Thread(() -> {
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String schema = r.topic().equals("roster.changes") ? "roster-changes" : "sync-runs";
                    List<String> problems = EventContracts.violations(schema, r.value());
                    if (!problems.isEmpty()) {
                        violations.add(r.value() + " -> " + problems);
                    }
                    try {
                        events.add(new Event(r.topic(), r.key(), json.readTree(r.value())));
                    } catch (Exception e) {
                        violations.add("unreadable: " + r.value());
                    }
                }
            }
        }, "test-event-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Contract violations seen so far (should stay empty). */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public List<Event> matching(Predicate<Event> filter) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** sync.runs events of a district, in order. */
    public List<Event> runEvents(String districtId) {
        return matching(e -> e.topic().equals("sync.runs") && districtId.equals(e.key()));
    }

    /** The district's runs that ended (completed, held or failed), in order. */
    public List<Event> finishedRuns(String districtId) {
        return matching(e -> e.topic().equals("sync.runs") && districtId.equals(e.key())
                && List.of("completed", "held", "failed").contains(e.text("status")));
    }

    /** roster.changes messages (changes and markers) of one run. */
    public List<Event> rosterMessages(String districtId, String runId) {
        return matching(e -> e.topic().equals("roster.changes") && districtId.equals(e.key()) && runId.equals(e.text("runId")));
    }

    public List<Event> changes(String districtId, String runId) {
        return matching(e -> e.topic().equals("roster.changes") && districtId.equals(e.key()) && runId.equals(e.text("runId"))
                && "roster.change".equals(e.text("type")));
    }

    public static Map<String, Long> countsOf(Event e) {
        JsonNode c = e.value().get("counts");
        return Map.of("created", c.get("created").asLong(), "updated", c.get("updated").asLong(),
                "removed", c.get("removed").asLong(), "restored", c.get("restored").asLong());
    }
}
