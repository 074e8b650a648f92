package io.rosterbridge.fetcher.benchmark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rosterbridge.infra.testing.Infrastructure;
import io.rosterbridge.infra.testing.SharedInfrastructure;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;

/**
 * Benchmark of the packaged fetcher (target/quarkus-app) as its own process against the real broker,
 * PostgreSQL and a sandbox district of N users (run from this JVM): first sync and unchanged resync wall
 * time, change events per second, and the fetcher process's peak RSS (VmHWM).
 * Run: {@code ./mvnw -B -o -pl sync-fetcher verify -Pbenchmark -DskipTests [-Dbenchmark.users=100000] [-Dbenchmark.heap=256m]
 * [-Dbenchmark.jvmArgs=-XX:NativeMemoryTracking=summary]}; with NMT the summary is written to target/benchmark-nmt.txt.
 */
public final class SyncBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int users = Integer.getInteger("benchmark.users", 100_000);
        String heap = System.getProperty("benchmark.heap", "256m");
        Path app = Path.of(System.getProperty("benchmark.app", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " missing: package the fetcher first");
        }

        Infrastructure infra = SharedInfrastructure.get();
        String jdbc = infra.database("sync_fetcher_bench");
        CleverSandbox sandbox = CleverSandbox.start(SandboxOptions.defaults());
        long t0 = System.nanoTime();
        String district = sandbox.world().generateDistrict("Benchmark District", users, 42L);
        log("sandbox district %s with %d users generated in %d ms", district, users, (System.nanoTime() - t0) / 1_000_000);

        KafkaProducer<String, String> producer = producer(infra.kafkaBootstrapServers());
        ObjectNode link = JSON.createObjectNode().put("schemaVersion", 1).put("districtId", district).put("organisationId", "bench")
                .put("districtName", "Benchmark District").put("status", "active").put("updatedAt", Instant.now().toString());
        sandbox.world().schoolIds(district).forEach(link.putArray("licensedSchoolIds")::add);
        producer.send(new ProducerRecord<>("district.links", district, link.toString())).get();

        RunWatcher watcher = new RunWatcher(infra.kafkaBootstrapServers());
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(jvmCommand(heap, app));
        Map<String, String> env = pb.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        env.put("DB_URL", jdbc);
        env.put("DB_USER", infra.dbUsername());
        env.put("DB_PASSWORD", infra.dbPassword());
        env.put("CLEVER_API_BASE_URL", sandbox.baseUrl());
        env.put("CLEVER_OAUTH_BASE_URL", sandbox.baseUrl());
        env.put("CLEVER_CLIENT_ID", sandbox.clientId());
        env.put("CLEVER_CLIENT_SECRET", sandbox.clientSecret());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_OIDC_TENANT_ENABLED", "false"); // support API unused here; runs are requested on sync.requests
        pb.redirectErrorStream(true).redirectOutput(Path.of("target", "benchmark-fetcher.log").toFile());
        Process fetcher = pb.start();
        try {
            awaitReady(port);
            Thread.sleep(3000); // the fetcher reads district.links asynchronously once it is up
            List<String> rows = new ArrayList<>();
            for (String label : List.of("first sync", "unchanged resync")) {
                String loadBefore = loadAverage();
                long cpuBefore = cpuMillis(fetcher.pid());
                long start = System.nanoTime();
                JsonNode done = watcher.run(producer, district, label);
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                long cpuMs = cpuMillis(fetcher.pid()) - cpuBefore;
                long changes = watcher.changes(done.get("runId").asText());
                long runMs = done.get("durationMs").asLong();
                rows.add(String.format("| %s | %d | %s | %d | %d | %d | %.0f | %d | %s |", label, users, done.get("status").asText(), wallMs,
                        runMs, changes, runMs == 0 ? 0.0 : changes * 1000.0 / runMs, cpuMs, loadBefore));
                log("%s: %s in %d ms wall (%d ms in run), %d change events", label, done.get("status").asText(), wallMs, runMs, changes);
            }
            long peakRssKb = peakRssKb(fetcher.pid());
            if (jvmCommand(heap, app).stream().anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking"))) {
                dumpNativeMemory(fetcher.pid());
            }
            StringBuilder report = new StringBuilder();
            report.append("| run | users | status | wall ms | run ms | change events | events/s | fetcher CPU ms | load avg before |\n"
                    + "|---|---|---|---|---|---|---|---|---|\n");
            rows.forEach(r -> report.append(r).append('\n'));
            report.append(String.format("%nfetcher peak RSS (VmHWM): %d MB, heap -Xmx%s, %d CPUs visible to this machine%n",
                    peakRssKb / 1024, heap, Runtime.getRuntime().availableProcessors()));
            Files.writeString(Path.of("target", "benchmark-results.md"), report.toString());
            System.out.println(report);
        } finally {
            fetcher.destroy();
            watcher.close();
            producer.close();
            sandbox.close();
        }
        System.exit(0);
    }

    /** The deployed flags (-Xms64m, serial GC) plus any in -Dbenchmark.jvmArgs, e.g. -XX:NativeMemoryTracking=summary. */
    private static List<String> jvmCommand(String heap, Path app) {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2"));
        String extra = System.getProperty("benchmark.jvmArgs", "");
        for (String a : extra.trim().split("\\s+")) {
            if (!a.isBlank()) {
                cmd.add(a);
            }
        }
        cmd.add("-jar");
        cmd.add(app.toString());
        return cmd;
    }

    /** Where the fetcher's memory is at the end (jcmd's NMT summary and /proc status), next to the results. */
    private static void dumpNativeMemory(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "VM.native_memory", "summary")
                    .redirectErrorStream(true).redirectOutput(Path.of("target", "benchmark-nmt.txt").toFile()).start();
            p.waitFor();
            Files.copy(Path.of("/proc/" + pid + "/status"), Path.of("target", "benchmark-status.txt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            log("memory dump failed: %s", e);
        }
    }

    /** Follows sync.runs and counts roster.changes per run. */
    private static final class RunWatcher {
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, AtomicLong> changesByRun = new ConcurrentHashMap<>();
        private final Map<String, JsonNode> finished = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        RunWatcher(String bootstrap) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("group.id", "benchmark-" + UUID.randomUUID());
            p.put("auto.offset.reset", "earliest");
            p.put("metadata.max.age.ms", "1000");
            p.put("key.deserializer", StringDeserializer.class.getName());
            p.put("value.deserializer", StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
            consumer.subscribe(List.of("roster.changes", "sync.runs"));
            thread = new Thread(this::poll, "benchmark-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        JsonNode v = JSON.readTree(r.value());
                        String runId = v.path("runId").asText();
                        if (r.topic().equals("roster.changes") && "roster.change".equals(v.path("type").asText())) {
                            changesByRun.computeIfAbsent(runId, k -> new AtomicLong()).incrementAndGet();
                        } else if (r.topic().equals("sync.runs") && List.of("completed", "held", "failed").contains(v.path("status").asText())) {
                            finished.put(runId, v);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            consumer.close();
        }

        JsonNode run(KafkaProducer<String, String> producer, String district, String reason) throws Exception {
            int before = finished.size();
            ObjectNode command = JSON.createObjectNode().put("schemaVersion", 1).put("commandId", UUID.randomUUID().toString())
                    .put("command", "sync").put("districtId", district).put("requestedBy", "benchmark").put("reason", reason)
                    .put("requestedAt", Instant.now().toString());
            producer.send(new ProducerRecord<>("sync.requests", district, command.toString())).get();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (finished.size() == before) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("run did not finish; see target/benchmark-fetcher.log");
                }
                Thread.sleep(20);
            }
            JsonNode done = finished.values().stream().max((a, b) -> a.get("occurredAt").asText().compareTo(b.get("occurredAt").asText())).orElseThrow();
            Thread.sleep(500); // let the watcher catch up with the run's change events
            return done;
        }

        long changes(String runId) {
            AtomicLong n = changesByRun.get(runId);
            return n == null ? 0 : n.get();
        }

        void close() {
            running = false;
        }
    }

    private static void awaitReady(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("fetcher not ready; see target/benchmark-fetcher.log");
    }

    /** User + system CPU time of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static long peakRssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[benchmark] " + format + "%n", args);
    }
}
