package io.rosterbridge.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.ServiceProcess;
import io.rosterbridge.local.StackPorts;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.http.RequestCounts;

/**
 * The night of a fleet (profile {@code fleet}, docs/benchmarks/fleet.md): the sandbox generates a fleet of districts
 * (500 by default, about 1M users), each is linked on district.links without an initial sync, and the nightly firing
 * comes from sync-fetcher's own scheduler, its cron set by configuration to a moment after everything is up. Runs
 * with several sync-fetcher and roster-writer replicas (child JVMs, the JVM options of the end-to-end benchmark) and
 * ends when every district's roster.applied has arrived. Reports wall time, per-district time from the firing to
 * applied, users per second, peak RSS per process, roster-writer's consumer lag over the night, Clever requests per
 * token per minute against the budget, and the machine's load.
 * {@code ./mvnw -B verify -Pfleet -pl deploy/system-tests -Dfleet.districts=500}
 */
class FleetBenchmarkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MB = 1024 * 1024;
    private static final Duration NIGHT_TARGET = Duration.ofMinutes(5);
    private static final long RSS_TARGET_KB = 512 * 1024;
    /** The one line per run each service logs (ids and counts only, no personal data). */
    private static final Pattern FETCHER_RUN = Pattern.compile("Run \\S+ of district \\S+ completed in");
    private static final Pattern WRITER_APPLIED = Pattern.compile("Run \\S+ of district \\S+ applied:");

    @Test
    void nightOfTheFleet() throws Exception {
        int districts = Integer.getInteger("fleet.districts", 500);
        long seed = Long.getLong("fleet.seed", 42L);
        int fetchers = Integer.getInteger("fleet.fetchers", 2);
        int writers = Integer.getInteger("fleet.writers", 2);
        int concurrentRuns = Integer.getInteger("fleet.max-concurrent-runs", 4);
        // slack between "every fetcher healthy and every link read" (as estimated) and the firing
        Duration fireMargin = Duration.ofSeconds(Long.getLong("fleet.fire-margin-seconds", 30L));
        Duration timeout = Duration.ofMinutes(Long.getLong("fleet.timeout-minutes", 30L));
        Path repository = Path.of(System.getProperty("rosterbridge.repository", "../.."));
        StackPorts ports = StackPorts.free();
        Path dataDir = Path.of("target", "fleet");
        LocalStack.resetData(dataDir);

        Report report = new Report("Fleet benchmark, " + districts + " districts (seed " + seed + "), " + fetchers
                + " sync-fetcher and " + writers + " roster-writer replicas, fetcher.max-concurrent-runs=" + concurrentRuns
                + ", " + Instant.now());
        report.put("load average at the start", loadAverage());
        Map<String, SandboxWorld.FleetDistrict> fleet = new LinkedHashMap<>();
        Night night;
        List<ServiceProcess> services = new ArrayList<>();
        try (LocalStack stack = new LocalStack(repository, dataDir, ports).startInfrastructure();
                CleverSandbox sandbox = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false)
                        .withPort(ports.sandbox()).withClientId(stack.cleverClientId()).withClientSecret(stack.cleverClientSecret()))) {
            long heapBefore = usedHeap();
            long generateStart = System.nanoTime();
            sandbox.world().generateFleet(districts, seed).forEach(d -> fleet.put(d.id(), d));
            double generateSecs = (System.nanoTime() - generateStart) / 1e9;
            long users = fleet.values().stream().mapToLong(SandboxWorld.FleetDistrict::users).sum();
            report.put("fleet generated", String.format(Locale.ROOT, "%d districts, %,d users (smallest %,d, largest %,d) in %.1f s, %d MiB of heap",
                    districts, users, fleet.values().stream().mapToInt(SandboxWorld.FleetDistrict::users).min().orElse(0),
                    fleet.values().stream().mapToInt(SandboxWorld.FleetDistrict::users).max().orElse(0), generateSecs,
                    (usedHeap() - heapBefore) / MB));

            // Links first: the fetchers read district.links from the beginning when they start.
            try (KafkaProducer<String, String> producer = EndToEndBenchmarkIT.producer(stack)) {
                for (String districtId : fleet.keySet()) {
                    EndToEndBenchmarkIT.link(producer, districtId, sandbox.world().schoolIds(districtId));
                }
            }
            // The writers start first; how long they took (1 min on a busy machine, 15 s on an idle one) sets the
            // firing: the fetchers' cron is fixed before they start, and they take about as long plus reading the links.
            long startServices = System.nanoTime();
            services.addAll(stack.startReplicas("roster-writer", writers));
            Duration writersStartup = Duration.ofNanos(System.nanoTime() - startServices);
            Instant fire = Instant.now().plus(writersStartup.multipliedBy(2)).plus(fireMargin).truncatedTo(ChronoUnit.SECONDS);
            ZonedDateTime at = fire.atZone(ZoneOffset.UTC);
            String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?";
            report.put("nightly firing", fire + " (fetcher.nightly.cron=\"" + cron + "\", zone UTC; writers started in "
                    + writersStartup.toSeconds() + " s)");
            stack.withServiceEnvironment("sync-fetcher", "FETCHER_INITIAL_SYNC_ON_LINK", "false")
                    .withServiceEnvironment("sync-fetcher", "FETCHER_NIGHTLY_CRON", cron)
                    .withServiceEnvironment("sync-fetcher", "FETCHER_NIGHTLY_ZONE", "UTC")
                    .withServiceEnvironment("sync-fetcher", "FETCHER_MAX_CONCURRENT_RUNS", String.valueOf(concurrentRuns));

            services.addAll(stack.startReplicas("sync-fetcher", fetchers));
            awaitLinked(stack, districts, fire);
            report.put("services healthy and every district linked", String.format(Locale.ROOT, "in %.1f s, %.0f s before the firing",
                    (System.nanoTime() - startServices) / 1e9, Duration.between(Instant.now(), fire).toMillis() / 1e3));

            try (KafkaConsumer<String, String> events = eventsConsumer(stack); LagSampler lag = new LagSampler(stack.kafkaBootstrapServers(), fire)) {
                night = awaitNight(events, fleet.keySet(), fire, timeout);
                lag.close();
                reportNight(report, night, fleet, users);
                report.put("roster-writer consumer lag on roster.changes (records, every " + LagSampler.EVERY.toSeconds() + " s)",
                        lag.summary());
                report.put("load average (1 min) during the night", lag.loadSummary());
            }
            reportRequests(report, sandbox.requestCounts(), fleet.size());
            report.put("database size after the night (per user: the capacity model's input)", databaseSizes(stack, users));
            report.put("runs completed per sync-fetcher replica (its log)", perReplica(services, "sync-fetcher", FETCHER_RUN));
            report.put("runs applied per roster-writer replica (its log)", perReplica(services, "roster-writer", WRITER_APPLIED));
            for (ServiceProcess service : services) {
                long kb = peakRssKb(service.pid());
                report.put(service.name() + " peak RSS", kb / 1024 + " MB" + (kb <= RSS_TARGET_KB ? "" : " — over the 512 MB target"));
            }
            report.put("harness JVM (Kafka + sandbox + test) peak RSS", peakRssKb(ProcessHandle.current().pid()) / 1024 + " MB");
            long worstKb = 0;
            for (ServiceProcess service : services) {
                worstKb = Math.max(worstKb, peakRssKb(service.pid()));
            }
            report.target("every service ≤ 512 MB RSS", worstKb <= RSS_TARGET_KB, "largest " + worstKb / 1024 + " MB");
        }
        report.put("load average at the end", loadAverage());
        report.write(Path.of("target", "fleet-" + districts + ".txt"));

        assertThat(night.missing()).as("districts without roster.applied after the firing").isEmpty();
    }

    // ---------------------------------------------------------------- the night

    /** What the night's events told: per district, when its run ended at the fetcher and when it was applied. */
    private record Night(Instant fire, Map<String, Instant> applied, Map<String, Instant> fetched,
            Map<String, String> failed, List<String> missing) {
    }

    /** Reads sync.runs and roster.applied until every district was applied after the firing, or the time is up. */
    private static Night awaitNight(KafkaConsumer<String, String> events, Set<String> districts, Instant fire,
            Duration timeout) throws Exception {
        Map<String, Instant> applied = new HashMap<>();
        Map<String, Instant> fetched = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        Instant deadline = fire.plus(timeout);
        while (applied.size() < districts.size() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(200))) {
                Instant arrived = Instant.now();
                if (record.value() == null || arrived.isBefore(fire)) {
                    continue;
                }
                JsonNode event = JSON.readTree(record.value());
                String districtId = event.path("districtId").asText();
                if (!districts.contains(districtId)) {
                    continue;
                }
                if (record.topic().equals("roster.applied")) {
                    applied.putIfAbsent(districtId, arrived);
                } else {
                    switch (event.path("status").asText()) {
                        case "completed" -> fetched.putIfAbsent(districtId, arrived);
                        case "failed", "held" -> failed.put(districtId, event.path("status").asText() + " ("
                                + event.path("reason").asText("no reason") + ")");
                        default -> {
                            // started, progress: nothing to time
                        }
                    }
                }
            }
        }
        List<String> missing = districts.stream().filter(d -> !applied.containsKey(d)).sorted().toList();
        return new Night(fire, applied, fetched, failed, missing);
    }

    private static void reportNight(Report report, Night night, Map<String, SandboxWorld.FleetDistrict> fleet, long users) {
        List<Long> millis = night.applied().values().stream().map(t -> Duration.between(night.fire(), t).toMillis()).sorted().toList();
        long lastApplied = millis.isEmpty() ? 0 : millis.get(millis.size() - 1);
        long lastFetched = night.fetched().values().stream().mapToLong(t -> Duration.between(night.fire(), t).toMillis()).max().orElse(0);
        long appliedUsers = night.applied().keySet().stream().mapToLong(d -> fleet.get(d).users()).sum();
        report.put("districts applied", night.applied().size() + " of " + fleet.size()
                + (night.missing().isEmpty() ? "" : "; missing " + night.missing().size() + " (first: " + night.missing().get(0) + ")"));
        if (!night.failed().isEmpty()) {
            report.put("runs failed or held", night.failed().size() + ", e.g. " + night.failed().entrySet().iterator().next());
        }
        report.put("total wall time (firing → last roster.applied)", seconds(lastApplied)
                + " (the fetchers' last run completed at " + seconds(lastFetched) + ")");
        report.put("firing → applied per district", String.format(Locale.ROOT, "p50 %s, p95 %s, max %s",
                seconds(percentile(millis, 50)), seconds(percentile(millis, 95)), seconds(lastApplied)));
        SandboxWorld.FleetDistrict largest = fleet.values().stream().max((a, b) -> Integer.compare(a.users(), b.users())).orElseThrow();
        Instant largestApplied = night.applied().get(largest.id());
        report.put("largest district (" + String.format(Locale.ROOT, "%,d", largest.users()) + " users) firing → applied",
                largestApplied == null ? "not applied" : seconds(Duration.between(night.fire(), largestApplied).toMillis()));
        report.put("users per second (applied users / wall time)", lastApplied == 0 ? "—"
                : String.format(Locale.ROOT, "%,.0f (%,d of %,d users)", appliedUsers / (lastApplied / 1e3), appliedUsers, users));
        report.target("all districts completed and applied ≤ 5 min", night.missing().isEmpty() && lastApplied <= NIGHT_TARGET.toMillis(),
                night.applied().size() + " applied, last at " + seconds(lastApplied));
    }

    private static void reportRequests(Report report, RequestCounts counts, int districts) {
        long over = counts.peakPerDistrict().values().stream().filter(p -> p > counts.limitPerMinute()).count();
        List<Integer> peaks = counts.peakPerDistrict().values().stream().sorted().toList();
        report.put("Clever requests per token per minute", String.format(Locale.ROOT,
                "max %d (any token), per district token: p50 %d, max %d, %d of %d tokens seen; budget %d",
                counts.maxPerTokenMinute(), peaks.isEmpty() ? 0 : peaks.get(peaks.size() / 2),
                peaks.isEmpty() ? 0 : peaks.get(peaks.size() - 1), peaks.size(), districts, counts.limitPerMinute()));
        report.put("Clever requests per minute, all tokens", counts.appPerMinute().entrySet().stream()
                .map(e -> e.getKey().atZone(ZoneOffset.UTC).toLocalTime() + " " + e.getValue()).toList().toString());
        report.target("no token over its budget", over == 0 && counts.maxPerTokenMinute() <= counts.limitPerMinute(),
                over + " district tokens over " + counts.limitPerMinute() + "/min");
    }

    /** How many lines of each replica's log match: which replica did the night's work. */
    private static String perReplica(List<ServiceProcess> services, String module, Pattern line) throws IOException {
        List<String> counts = new ArrayList<>();
        for (ServiceProcess service : services) {
            if (service.name().startsWith(module)) {
                long matches;
                try (var lines = Files.lines(service.log())) {
                    matches = lines.filter(l -> line.matcher(l).find()).count();
                }
                counts.add(service.name() + " " + matches);
            }
        }
        return String.join(", ", counts);
    }

    /** Each service database's size, its largest tables (with their indexes), and bytes per applied user. */
    private static String databaseSizes(LocalStack stack, long users) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (String database : List.of("roster_writer", "sync_fetcher")) {
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(database), "postgres", "postgres");
                    Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                    rs.next();
                    long bytes = rs.getLong(1);
                    out.append(String.format(Locale.ROOT, "%s%s %d MiB (%d bytes per user:", out.length() == 0 ? "" : "; ", database,
                            bytes / MB, users == 0 ? 0 : bytes / users));
                }
                try (ResultSet rs = s.executeQuery("SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c "
                        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
                        + "ORDER BY 2 DESC LIMIT 3")) {
                    while (rs.next()) {
                        out.append(String.format(Locale.ROOT, " %s %d MiB", rs.getString(1), rs.getLong(2) / MB));
                    }
                }
                out.append(')');
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- waiting and sampling

    /** Waits until every district's link is in sync-fetcher's database, before the firing. */
    private static void awaitLinked(LocalStack stack, int districts, Instant fire) throws SQLException, InterruptedException {
        int linked = stack.awaitActiveLinks(districts, fire);
        if (linked < districts) {
            throw new IllegalStateException("only " + linked + " of " + districts + " districts linked before the firing at " + fire
                    + ": raise -Dfleet.fire-margin-seconds");
        }
    }

    /** sync.runs and roster.applied, every partition, from now on. */
    private static KafkaConsumer<String, String> eventsConsumer(LocalStack stack) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of("sync.runs", "roster.applied")) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    // ---------------------------------------------------------------- helpers

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1e3);
    }

    static long peakRssKb(long pid) throws IOException {
        String value = EndToEndBenchmarkIT.peakRss(pid);
        return value.endsWith("kB") ? Long.parseLong(value.replace("kB", "").trim()) : -1;
    }

    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(100); // lets the collection settle before reading the heap; a measurement, not a synchronisation
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** The report: lines in order, targets marked met or not met, printed and written to a file. */
    private static final class Report {

        private final StringBuilder text;

        Report(String title) {
            text = new StringBuilder(title).append('\n');
        }

        void put(String key, String value) {
            text.append(String.format(Locale.ROOT, "  %-62s %s%n", key, value));
        }

        void target(String target, boolean met, String detail) {
            put("TARGET " + target, (met ? "met" : "NOT met") + " (" + detail + ")");
        }

        void write(Path file) throws IOException {
            System.out.println(text);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
    }

    /** Samples roster-writer's consumer lag on roster.changes and the load average every few seconds, from before the firing. */
    static final class LagSampler implements AutoCloseable {

        static final Duration EVERY = Duration.ofSeconds(5);

        private final Admin admin;
        private final Instant fire;
        private final List<long[]> samples = new ArrayList<>(); // {ms since firing, lag}
        private final List<double[]> loads = new ArrayList<>(); // {ms since firing, 1-min load}
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-lag-sampler");
            t.setDaemon(true);
            return t;
        });

        LagSampler(String bootstrapServers, Instant fire) {
            this.admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            this.fire = fire;
            timer.scheduleAtFixedRate(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void sample() {
            try {
                long at = Duration.between(fire, Instant.now()).toMillis();
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("roster-writer").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (int p = 0; p < LocalStack.partitions("roster.changes"); p++) {
                    ends.put(new TopicPartition("roster.changes", p), OffsetSpec.latest());
                }
                long lag = 0;
                for (var end : admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    lag += end.getValue().offset() - (done == null ? 0 : done.offset());
                }
                double load = Double.parseDouble(loadAverage().split(" ")[0]);
                synchronized (this) {
                    samples.add(new long[] {at, lag});
                    loads.add(new double[] {at, load});
                }
            } catch (Exception e) {
                // a missed sample leaves a gap in the timeline; the next one follows
            }
        }

        /** Max lag, and a timeline of at most 16 samples taken evenly from the night (seconds since the firing: lag). */
        synchronized String summary() {
            List<long[]> night = samples.stream().filter(s -> s[0] >= -EVERY.toMillis()).toList();
            long max = night.stream().mapToLong(s -> s[1]).max().orElse(0);
            List<String> timeline = new ArrayList<>();
            int step = Math.max(1, (night.size() + 15) / 16);
            for (int i = 0; i < night.size(); i += step) {
                timeline.add(String.format(Locale.ROOT, "%.0fs:%d", night.get(i)[0] / 1e3, night.get(i)[1]));
            }
            return "max " + max + "; " + String.join(" ", timeline);
        }

        synchronized String loadSummary() {
            double max = loads.stream().mapToDouble(l -> l[1]).max().orElse(0);
            double mean = loads.stream().mapToDouble(l -> l[1]).average().orElse(0);
            return String.format(Locale.ROOT, "max %.2f, mean %.2f over %d samples (2 cores)", max, mean, loads.size());
        }

        /** Stops sampling (the night is over); closing twice is harmless. */
        @Override
        public synchronized void close() {
            if (!timer.isShutdown()) {
                timer.shutdownNow();
                admin.close(Duration.ofSeconds(5));
            }
        }
    }
}
