package io.rosterbridge.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.StackPorts;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;
import io.rosterbridge.sandbox.model.Role;

/**
 * Live updates benchmark (profile {@code benchmark}, docs/benchmarks/events.md): a generated district is synced once,
 * then N users are renamed in the sandbox at random moments over 60 s while sync-fetcher polls Clever's events every
 * 5 s; each rename is timed from the sandbox change to the row changed in roster-writer's PostgreSQL (read every
 * 100 ms). Then a full sync must find 0 changes, and the fetcher's CPU is read over a minute of idle polls.
 * {@code ./mvnw -B verify -Pbenchmark -pl deploy/system-tests -am -Dit.test=EventsBenchmarkIT -Dbenchmark.users=100000
 * [-Dbenchmark.changes=1000] [-Dbenchmark.seed=17]}
 */
class EventsBenchmarkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    private static final Duration CHANGE_WINDOW = Duration.ofSeconds(60);
    private static final Duration IDLE_MEASURE = Duration.ofSeconds(60);
    /** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    @Test
    void changeToRowLatencyThenNothingLeftForTheFullSync() throws Exception {
        int users = Integer.getInteger("benchmark.users", 100_000);
        int changes = Integer.getInteger("benchmark.changes", 1_000);
        long seed = Long.getLong("benchmark.seed", System.nanoTime());
        System.out.println("[events benchmark] seed " + seed + " (rerun with -Dbenchmark.seed=" + seed + ")");
        Path repository = Path.of(System.getProperty("rosterbridge.repository", "../.."));
        Path dataDir = Path.of("target", "events-benchmark");
        LocalStack.resetData(dataDir);
        StackPorts ports = StackPorts.free();
        Map<String, String> results = new LinkedHashMap<>();
        try (LocalStack stack = new LocalStack(repository, dataDir, ports)
                .withServiceEnvironment("sync-fetcher", "FETCHER_EVENTS_POLL_INTERVAL", POLL_INTERVAL.toSeconds() + "s")
                .startInfrastructure();
                CleverSandbox sandbox = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false)
                        .withPort(ports.sandbox()).withClientId(stack.cleverClientId()).withClientSecret(stack.cleverClientSecret()))) {
            String districtId = sandbox.world().generateDistrict("Events Benchmark USD", users, 42L);
            stack.startServices(List.of("sync-fetcher", "roster-writer"));
            results.put("setup", users + " users, " + changes + " renames at random moments over " + CHANGE_WINDOW.toSeconds()
                    + " s, polling every " + POLL_INTERVAL.toSeconds() + " s");
            try (KafkaProducer<String, String> producer = EndToEndBenchmarkIT.producer(stack);
                    KafkaConsumer<String, String> runs = runsConsumer(stack)) {
                EndToEndBenchmarkIT.link(producer, districtId, sandbox.world().schoolIds(districtId));
                JsonNode first = awaitFinishedRun(runs, districtId, Duration.ofMinutes(30));
                results.put("first full sync", first.path("status").asText() + ", " + first.path("durationMs").asLong() + " ms");
                awaitLive(stack, districtId);

                List<String> students = new ArrayList<>(sandbox.world().userIds(districtId, Role.STUDENT));
                Random random = new Random(seed);
                Collections.shuffle(students, random);
                List<String> renamed = students.subList(0, changes);
                long[] offsets = random.longs(changes, 0, CHANGE_WINDOW.toNanos()).sorted().toArray();
                Map<String, Long> changedAt = new ConcurrentHashMap<>();
                Map<String, Long> seenAt = new ConcurrentHashMap<>();
                Thread watcher = new Thread(() -> watchRows(stack, districtId, changes, seenAt), "row-watcher");
                watcher.start();
                long start = System.nanoTime();
                for (int i = 0; i < changes; i++) {
                    long wait = start + offsets[i] - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    String id = renamed.get(i);
                    sandbox.world().renameUser(id, "Live", "Change" + i);
                    changedAt.put(id, System.nanoTime());
                }
                watcher.join(Duration.ofMinutes(5).toMillis());
                double[] latencies = renamed.stream().filter(seenAt::containsKey)
                        .mapToDouble(id -> Math.max(0, seenAt.get(id) - changedAt.get(id)) / 1e9).sorted().toArray();
                results.put("renames seen in roster-writer", latencies.length + " of " + changes);
                results.put("change at Clever → row changed (s)", String.format("p50 %.1f, p95 %.1f, max %.1f",
                        percentile(latencies, 0.50), percentile(latencies, 0.95), latencies.length == 0 ? Double.NaN
                                : latencies[latencies.length - 1]));

                EndToEndBenchmarkIT.syncCommand(producer, districtId);
                JsonNode reconcile = awaitFinishedRun(runs, districtId, Duration.ofMinutes(30));
                results.put("full sync afterwards", reconcile.path("status").asText() + ", counts " + reconcile.path("counts")
                        + ", " + reconcile.path("durationMs").asLong() + " ms");

                long pid = stack.process("sync-fetcher").pid();
                long cpuBefore = cpuTicks(pid);
                Thread.sleep(IDLE_MEASURE.toMillis());
                double cpuSeconds = (cpuTicks(pid) - cpuBefore) / TICKS_PER_SECOND;
                double polls = IDLE_MEASURE.toSeconds() / (double) POLL_INTERVAL.toSeconds();
                double perPoll = cpuSeconds / polls;
                results.put("fetcher CPU while idle", String.format("%.2f s over %d s (%.0f polls of one district): at most %.0f ms "
                        + "per idle poll (the process's whole CPU, JVM housekeeping included)", cpuSeconds,
                        IDLE_MEASURE.toSeconds(), polls, perPoll * 1000));
                results.put("500 districts at the default 60 s", String.format("500 requests/min to Clever (one per district "
                        + "token), at most %.1f CPU-seconds per minute (%.1f %% of one core)", 500 * perPoll, 500 * perPoll / 60 * 100));
                results.put("sync-fetcher peak RSS", EndToEndBenchmarkIT.peakRss(pid));
                assertThat(latencies).hasSize(changes);
                assertThat(reconcile.path("counts").path("updated").asLong()).isZero();
            }
        }
        StringBuilder report = new StringBuilder("Events benchmark, " + Instant.now() + ", seed " + seed + "\n");
        results.forEach((k, v) -> report.append(String.format("  %-40s %s%n", k, v)));
        report.append("  load average at the end: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
        System.out.println(report);
        Files.writeString(Path.of("target", "benchmark-events-" + users + ".txt"), report);
    }

    /** Reads roster-writer's rows every 100 ms and notes when each renamed user first shows its new name. */
    private static void watchRows(LocalStack stack, String districtId, int expected, Map<String, Long> seenAt) {
        String sql = "SELECT id FROM roster_user WHERE district_id = ? AND first_name = 'Live' AND last_name LIKE 'Change%'";
        long deadline = System.nanoTime() + CHANGE_WINDOW.toNanos() + Duration.ofMinutes(3).toNanos();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("roster_writer"), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            while (seenAt.size() < expected && System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                        seenAt.putIfAbsent(rs.getString(1), now);
                    }
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException("watching roster_user failed", e);
        }
    }

    /** Live updates start once the fetcher has stored the district's cursor after the first full sync. */
    private static void awaitLive(LocalStack stack, String districtId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("sync_fetcher"), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("SELECT state FROM event_cursor WHERE district_id = ?")) {
            ps.setString(1, districtId);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && "live".equals(rs.getString(1))) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("district " + districtId + " never went live");
    }

    private static JsonNode awaitFinishedRun(KafkaConsumer<String, String> runs, String districtId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : runs.poll(Duration.ofMillis(200))) {
                JsonNode event = JSON.readTree(record.value());
                if (districtId.equals(event.path("districtId").asText())
                        && List.of("completed", "held", "failed").contains(event.path("status").asText())) {
                    return event;
                }
            }
        }
        throw new AssertionError("no finished run of " + districtId + " within " + timeout);
    }

    private static KafkaConsumer<String, String> runsConsumer(LocalStack stack) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "events-benchmark-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("sync.runs"));
        return consumer;
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15 of the line)
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
