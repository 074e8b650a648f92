package io.rosterbridge.system;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.infra.testing.PostgresCpu;
import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.StackPorts;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;
import io.rosterbridge.sandbox.model.User;

/**
 * End-to-end benchmark (profile {@code benchmark}): a generated district from the sandbox through sync-fetcher,
 * Kafka and roster-writer into PostgreSQL, timed from the sync command to the writer's {@code roster.applied}:
 * first sync, unchanged resync, a 1% change; next to a raw COPY of the same rows; peak RSS of each process.
 * Each run also prints where its time went: the fetcher's run (sync.runs {@code durationMs}) and its stage timers
 * (from the one line per run it logs, which holds no personal data), and the writer's tail from the fetcher's
 * {@code completed} to {@code roster.applied}.
 * {@code ./mvnw -B verify -Pbenchmark -pl deploy/system-tests -am -Dbenchmark.users=100000}, with
 * {@code -Dbenchmark.warm-ups=3} for the steady state (docs/benchmarks/end-to-end.md, "Command").
 */
class EndToEndBenchmarkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Size of the district synced first, untimed against the targets: a running service has usually synced before,
     * so the timed first sync is of a warm JVM; the warm-up's own time is the cold figure, reported next to it.
     */
    private static final int WARM_UP_USERS = 100_000;
    private static final Pattern STAGES = Pattern.compile("Run (\\S+) of district \\S+ (?:completed|held).*; stages: (.*)$");

    @Test
    void syncThroughKafkaIntoPostgres() throws Exception {
        int users = Integer.getInteger("benchmark.users", 100_000);
        int warmUps = Integer.getInteger("benchmark.warm-ups", 1);
        Path repository = Path.of(System.getProperty("rosterbridge.repository", "../.."));
        StackPorts ports = StackPorts.free();
        Map<String, String> results = new LinkedHashMap<>();
        Path dataDir = freshDataDir("benchmark");
        try (LocalStack stack = new LocalStack(repository, dataDir, ports).startInfrastructure();
                CleverSandbox sandbox = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false)
                        .withPort(ports.sandbox()).withClientId(stack.cleverClientId()).withClientSecret(stack.cleverClientSecret()))) {
            long generateStart = System.nanoTime();
            int warmUpUsers = Math.min(users, WARM_UP_USERS);
            String warmUpId = sandbox.world().generateDistrict("Warm-up USD", warmUpUsers, 41L);
            String districtId = sandbox.world().generateDistrict("Benchmark USD", users, 42L);
            // full syncs only: live updates (docs/benchmarks/events.md) would apply the renames before the timed sync
            sandbox.world().setEventsEnabled(false);
            results.put("users generated", users + " in " + seconds(generateStart));
            stack.startServices(List.of("sync-fetcher", "roster-writer"));

            Path fetcherLog = stack.process("sync-fetcher").log();
            cpu = new CpuMeter(stack.process("sync-fetcher").pid(), stack.process("roster-writer").pid(), dataDir);
            try (KafkaProducer<String, String> producer = producer(stack); KafkaConsumer<String, String> applied = appliedConsumer(stack)) {
                // Linking a district starts its initial sync: timed from the link to the writer's roster.applied.
                // The services have just started: this first sync also pays for the JIT compiling their code.
                String warmUp = "first sync, services just started (warm-up district, " + warmUpUsers + " users)";
                results.put(warmUp, timed(applied, warmUpId,
                        () -> link(producer, warmUpId, sandbox.world().schoolIds(warmUpId))));
                results.put("  warm-up: where the time went", stages(fetcherLog));
                results.put("  warm-up: CPU", cpu.lastSpan());
                // -Dbenchmark.warm-ups=N: N - 1 more warm-up districts (first sync and resync each) before the timed
                // district, until the JIT has compiled what the services run (the steady state of a long-running replica).
                for (int extra = 1; extra < warmUps; extra++) {
                    String more = sandbox.world().generateDistrict("Warm-up USD " + extra, warmUpUsers, 41L + 100L * extra);
                    results.put("warm-up district " + (extra + 1) + ", first sync", timed(applied, more,
                            () -> link(producer, more, sandbox.world().schoolIds(more))));
                    results.put("  warm-up district " + (extra + 1) + ": CPU", cpu.lastSpan());
                    results.put("warm-up district " + (extra + 1) + ", unchanged resync", timed(applied, more, () -> syncCommand(producer, more)));
                }
                results.put("first sync (link → applied)", timed(applied, districtId,
                        () -> link(producer, districtId, sandbox.world().schoolIds(districtId))));
                results.put("  first sync: where the time went", stages(fetcherLog));
                results.put("  first sync: CPU", cpu.lastSpan());
                results.put("unchanged resync (command → applied)", timed(applied, districtId, () -> syncCommand(producer, districtId)));
                results.put("  unchanged resync: where the time went", stages(fetcherLog));
                results.put("  unchanged resync: CPU", cpu.lastSpan());
                List<String> ids = sandbox.world().userIds(districtId, (String) null);
                for (int i = 0; i < ids.size(); i += 100) {
                    sandbox.world().renameUser(ids.get(i), "Renamed", "User" + i);
                }
                results.put("1% changed (" + (ids.size() + 99) / 100 + " users)", timed(applied, districtId, () -> syncCommand(producer, districtId)));
                results.put("  1% changed: where the time went", stages(fetcherLog));
                results.put("  1% changed: CPU", cpu.lastSpan());
            }
            results.put("raw COPY of the same rows", rawCopy(stack, sandbox, districtId));
            for (String service : List.of("sync-fetcher", "roster-writer")) {
                results.put(service + " peak RSS", peakRss(stack.process(service).pid()));
            }
            results.put("harness JVM (Kafka + PostgreSQL + sandbox) peak RSS", peakRss(ProcessHandle.current().pid()));
        }
        StringBuilder report = new StringBuilder("End-to-end benchmark, " + users + " users, " + Instant.now() + "\n");
        results.forEach((k, v) -> report.append(String.format("  %-55s %s%n", k, v)));
        report.append("  load average at the end: ").append(Files.readString(Path.of("/proc/loadavg")).trim()).append('\n');
        System.out.println(report);
        Path out = Path.of("target", "benchmark-" + users + ".txt");
        Files.writeString(out, report);
    }

    /** CPU seconds each process spent between a trigger and its roster.applied (2 cores: 2 s of CPU per second). */
    private CpuMeter cpu;

    /**
     * CPU each process spent between {@link #begin} and {@link #end}, and within the two services by thread group
     * (thread names without their numbers, from /proc/PID/task: the JIT compilers, the serial collector's "VM Thread",
     * Kafka's I/O threads, the service's own workers), and PostgreSQL's by database, so the next bottleneck shows without
     * a profiler.
     */
    private static final class CpuMeter {

        private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100
        private final long fetcherPid;
        private final long writerPid;
        private final Path dataDir;
        private Map<String, Long> start = Map.of();
        private String last = "not measured";

        CpuMeter(long fetcherPid, long writerPid, Path dataDir) {
            this.fetcherPid = fetcherPid;
            this.writerPid = writerPid;
            this.dataDir = dataDir;
        }

        /** Cumulative CPU nanos by "process" and by "process/thread group". */
        private Map<String, Long> sample() {
            Map<String, Long> cpu = new LinkedHashMap<>();
            threads("sync-fetcher", fetcherPid, cpu);
            threads("roster-writer", writerPid, cpu);
            cpu.put("harness (Kafka, sandbox)", processNanos(Path.of("/proc", String.valueOf(ProcessHandle.current().pid()), "stat")));
            PostgresCpu.Sample db = PostgresCpu.of(dataDir);
            cpu.put("PostgreSQL", db == null ? 0 : db.totalNanos());
            if (db != null) {
                db.backendNanosByDatabase().forEach((database, nanos) -> cpu.put("PostgreSQL/" + database, nanos));
                cpu.put("PostgreSQL/background", db.backgroundNanos());
                cpu.put("PostgreSQL/ended processes", db.endedNanos());
            }
            return cpu;
        }

        private static void threads(String service, long pid, Map<String, Long> cpu) {
            cpu.put(service, processNanos(Path.of("/proc", String.valueOf(pid), "stat")));
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    cpu.merge(service + "/" + name, processNanos(task.resolve("stat")), Long::sum);
                }
            } catch (IOException | RuntimeException e) {
                // a thread that ended between listing and reading: its time is missed
            }
        }

        void begin() {
            start = sample();
        }

        void end() {
            Map<String, Long> now = sample();
            StringBuilder out = new StringBuilder();
            for (String process : List.of("sync-fetcher", "roster-writer", "harness (Kafka, sandbox)", "PostgreSQL")) {
                out.append(out.length() == 0 ? "" : ", ").append(String.format("%s %.1f s", process, delta(now, process) / 1e9));
            }
            out.append("\n      PostgreSQL by database (open connections):");
            now.keySet().stream().filter(k -> k.startsWith("PostgreSQL/"))
                    .forEach(k -> out.append(String.format(" %s %.1f s;", k.substring("PostgreSQL/".length()), delta(now, k) / 1e9)));
            for (String service : List.of("sync-fetcher", "roster-writer")) {
                out.append("\n      ").append(service).append(" threads:");
                now.keySet().stream().filter(k -> k.startsWith(service + "/"))
                        .sorted((a, b) -> Long.compare(delta(now, b), delta(now, a))).limit(8)
                        .forEach(k -> out.append(String.format(" %s %.1f s;", k.substring(service.length() + 1), delta(now, k) / 1e9)));
            }
            last = out.toString();
        }

        private long delta(Map<String, Long> now, String key) {
            return now.getOrDefault(key, 0L) - start.getOrDefault(key, 0L);
        }

        String lastSpan() {
            return last;
        }

        /** utime + stime from a /proc stat file. */
        private static long processNanos(Path stat) {
            try {
                String text = Files.readString(stat);
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    private interface Trigger {
        void fire() throws Exception;
    }

    /**
     * Time from the trigger to the district's next roster.applied; nothing else may be pending before it. Also when
     * the fetcher's run ended on sync.runs, so the writer's tail after it shows.
     */
    private String timed(KafkaConsumer<String, String> applied, String districtId, Trigger trigger) throws Exception {
        drain(applied);
        cpu.begin();
        long start = System.nanoTime();
        trigger.fire();
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long fetcherDone = 0;
        long fetcherRunMs = -1;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : applied.poll(Duration.ofMillis(200))) {
                JsonNode event = JSON.readTree(record.value());
                if (!districtId.equals(event.path("districtId").asText())) {
                    continue;
                }
                if (record.topic().equals("sync.runs")) {
                    if (event.path("status").asText().equals("completed")) {
                        fetcherDone = System.nanoTime();
                        fetcherRunMs = event.path("durationMs").asLong();
                    }
                    continue;
                }
                long end = System.nanoTime();
                cpu.end();
                double secs = (end - start) / 1e9;
                JsonNode counts = event.path("counts");
                int changes = counts.path("created").asInt() + counts.path("updated").asInt()
                        + counts.path("removed").asInt() + counts.path("restored").asInt();
                String tail = fetcherDone == 0 ? "fetcher's end not seen"
                        : String.format("fetcher run %.1f s, fetcher done at %.1f s, writer tail %.1f s", fetcherRunMs / 1e3,
                                (fetcherDone - start) / 1e9, (end - fetcherDone) / 1e9);
                return String.format("%.1f s, counts %s, %.0f changes/s (%s)", secs, counts, changes / secs, tail);
            }
        }
        throw new AssertionError("no roster.applied for " + districtId + " within " + RUN_TIMEOUT);
    }

    /** The stage timers of the fetcher's latest run, from its log line (no personal data in it). */
    private static String stages(Path fetcherLog) throws IOException {
        String last = "no stage line in " + fetcherLog;
        for (String line : Files.readAllLines(fetcherLog)) {
            Matcher m = STAGES.matcher(line);
            if (m.find()) {
                last = "fetcher stages (summed over its threads): " + m.group(2);
            }
        }
        return last;
    }

    /** Waits until no roster.applied has arrived for a few seconds, so a measurement starts from quiet. */
    private static void drain(KafkaConsumer<String, String> applied) {
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
            for (ConsumerRecord<String, String> record : applied.poll(Duration.ofMillis(200))) {
                if (record.topic().equals("roster.applied")) {
                    quietSince = System.nanoTime();
                }
            }
        }
    }

    static void syncCommand(KafkaProducer<String, String> producer, String districtId) throws Exception {
        Map<String, Object> command = Map.of("schemaVersion", 1, "commandId", UUID.randomUUID().toString(), "command", "sync",
                "districtId", districtId, "requestedBy", "benchmark", "reason", "benchmark", "requestedAt", Instant.now().toString());
        producer.send(new ProducerRecord<>("sync.requests", districtId, JSON.writeValueAsString(command))).get();
    }

    static void link(KafkaProducer<String, String> producer, String districtId, List<String> schools) throws Exception {
        Map<String, Object> link = Map.of("schemaVersion", 1, "districtId", districtId, "organisationId", "org-benchmark",
                "districtName", "Benchmark USD", "status", "active", "licensedSchoolIds", schools, "updatedAt", Instant.now().toString());
        producer.send(new ProducerRecord<>("district.links", districtId, JSON.writeValueAsString(link))).get();
    }

    private static String rawCopy(LocalStack stack, CleverSandbox sandbox, String districtId) throws SQLException, IOException {
        StringBuilder csv = new StringBuilder();
        for (String id : sandbox.world().userIds(districtId, (String) null)) {
            User user = sandbox.world().user(id);
            String schools = "{" + String.join(",", user.allSchools()) + "}";
            csv.append(id).append(',').append(districtId).append(',')
                    .append(csvField(user.first())).append(',').append(csvField(user.last())).append(',')
                    .append(csvField(user.email())).append(",\"[{\"\"role\"\":\"\"student\"\",\"\"schoolIds\"\":[]}]\",")
                    .append("\"{student}\",\"").append(schools).append("\",true,").append(Instant.now()).append('\n');
        }
        // With every index of roster_user, then with its primary key only: the difference is what the secondary
        // indexes (the district's listing and support's person search) cost PostgreSQL per row written.
        String rows = csv.toString();
        String all = timedCopy(stack, "LIKE roster_user INCLUDING ALL", rows);
        String keyOnly = timedCopy(stack, "LIKE roster_user INCLUDING DEFAULTS, PRIMARY KEY (id)", rows);
        return all + "; with the primary key only: " + keyOnly;
    }

    private static String timedCopy(LocalStack stack, String shape, String csv) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("roster_writer"), "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_copy");
            s.execute("CREATE TABLE bench_copy (" + shape + ")");
            long start = System.nanoTime();
            long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY bench_copy (id, district_id, first_name, last_name, email, roles, role_names, school_ids, active, last_change_at)"
                            + " FROM STDIN (FORMAT csv)", new StringReader(csv));
            double secs = (System.nanoTime() - start) / 1e9;
            s.execute("DROP TABLE bench_copy");
            return String.format("%d rows in %.2f s (%.0f rows/s)", copied, secs, copied / secs);
        }
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String csvField(String value) {
        return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    static String peakRss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "unknown";
    }

    static KafkaProducer<String, String> producer(LocalStack stack) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> appliedConsumer(LocalStack stack) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("roster.applied", "sync.runs"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }

    /** Every run starts from empty Kafka and PostgreSQL data: a rerun must not find the previous run's roster. */
    private static Path freshDataDir(String name) {
        Path dir = Path.of("target", name);
        LocalStack.resetData(dir);
        return dir;
    }
}
