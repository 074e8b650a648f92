package io.rosterbridge.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.infra.testing.PostgresCpu;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.writer.change.RosterMessageParser;
import io.rosterbridge.writer.messaging.RosterChangeConsumer;
import io.rosterbridge.writer.service.Prepared;
import io.rosterbridge.writer.service.RosterApplier;
import io.rosterbridge.writer.support.KafkaTestClient;
import io.rosterbridge.writer.support.RosterEvents;

/**
 * The apply benchmark behind docs/benchmarks/roster-writer.md; runs only with {@code -Pbenchmark}.
 * <ol>
 * <li>after a warm-up of the same size, in each of {@code bench.rounds} rounds (3) on a fresh district:
 * N user creations, then N no-op updates of the same users, through the writer's consumer method
 * ({@link RosterChangeConsumer#consume}) in polls of max.poll.records: parsing, validation, the idempotency log,
 * the user writes, per-run counts, one transaction per poll; before them, the baseline: a raw {@code COPY} of the
 * same N rows into roster_user itself (then deleted again, so that the writer finds the table as the {@code COPY} did),
 * and for reference into an empty table of the same columns and indexes; each phase is reported by its median
 * round;</li>
 * <li>the same two phases end to end through the broker for a second district: produce every event, wait for
 * the run's roster.applied.</li>
 * </ol>
 * Results go to stdout and target/benchmark/roster-writer.md.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "roster_writer"))
@WithTestResource(StaffOidcTestResource.class)
class RosterApplyBenchmark {

    private static final int POLL = 5000;
    private static final int SCHOOLS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.sun.management.OperatingSystemMXBean JVM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Inject
    RosterChangeConsumer consumer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RosterMessageParser parser;

    @Inject
    RosterApplier applier;

    private final List<String> report = new ArrayList<>();

    @Test
    void applyHundredThousandUsers() throws Exception {
        int users = Integer.getInteger("bench.users", 100_000);
        // Warm-up on a district of its own, the same size and the same two phases, so that the measured phases run
        // compiled code (JIT), warm pools and statement caches; not reported.
        Generated warmUp = generate(users);
        runDirect(warmUp, "created");
        runDirect(warmUp, "updated");

        // Rounds on fresh districts (the tables keep growing, as they would); each phase is reported by its median
        // round, since a single run on a shared 2-core machine moves by 20% or more.
        int rounds = Integer.getInteger("bench.rounds", 3);
        List<Measured> creates = new ArrayList<>(), noops = new ArrayList<>(), copies = new ArrayList<>(),
                emptyCopies = new ArrayList<>();
        Generated district = null;
        for (int round = 0; round < rounds; round++) {
            district = generate(users);
            copies.add(rawCopyIntoRosterUser(district));
            emptyCopies.add(rawCopyIntoEmptyTable(district));
            creates.add(runDirect(district, "created"));
            noops.add(runDirect(district, "updated"));
            assertThat(count("SELECT count(*) FROM roster_user WHERE district_id = '" + district.districtId + "'")).isEqualTo(users);
        }
        Measured create = median(creates), noop = median(noops), copy = median(copies), emptyCopy = median(emptyCopies);
        // Where the time goes: validation alone, and the database work alone (pre-parsed no-op updates).
        double[] split = parseThenApply(district, "updated");

        Generated viaKafka = generate(users);
        double[] e2eCreate = runKafka(viaKafka, "created");
        double[] e2eNoop = runKafka(viaKafka, "updated");

        report.add("Medians of " + rounds + " rounds (each round: raw COPY into roster_user, raw COPY into an empty table, creations, no-op updates):");
        report.add("");
        report.add("| Phase | Users | Seconds | Users/s | vs raw COPY | PostgreSQL backends CPU s | PostgreSQL background CPU s | JVM CPU s |");
        report.add("|---|---:|---:|---:|---:|---:|---:|---:|");
        row("Batch apply, creations (consumer method, polls of " + POLL + ")", users, create, copy.seconds());
        row("Batch apply, no-op updates (same path)", users, noop, copy.seconds());
        row("  of which parsing and validating only", users, Measured.wallOnly(split[0]), copy.seconds());
        row("  of which the transactions only (pre-parsed no-op updates)", users, Measured.wallOnly(split[1]), copy.seconds());
        row("Raw `COPY` of the same rows into roster_user (the baseline)", users, copy, copy.seconds());
        row("Raw `COPY` of the same rows into an empty table like roster_user (for reference)", users, emptyCopy, copy.seconds());
        row("End to end via Kafka, creations (first produce → roster.applied)", users, Measured.wallOnly(e2eCreate[0]), copy.seconds());
        row("End to end via Kafka, no-op updates", users, Measured.wallOnly(e2eNoop[0]), copy.seconds());
        report.add("");
        report.add(String.format(Locale.ROOT, "Against the raw COPY into an empty table instead: creations %.2f×, no-op updates %.2f×.",
                create.seconds() / emptyCopy.seconds(), noop.seconds() / emptyCopy.seconds()));
        report.add("");
        report.add("Every round, seconds (× its own raw COPY into roster_user; × its own raw COPY into an empty table):");
        report.add("");
        report.add("| Round | Creations | No-op updates | Raw COPY into roster_user | Raw COPY into an empty table | Creations' PostgreSQL CPU s: backends, background |");
        report.add("|---:|---:|---:|---:|---:|---:|");
        for (int round = 0; round < rounds; round++) {
            double copySeconds = copies.get(round).seconds();
            double emptySeconds = emptyCopies.get(round).seconds();
            Measured created = creates.get(round);
            double noopSeconds = noops.get(round).seconds();
            report.add(String.format(Locale.ROOT, "| %d | %.2f (%.2f×; %.2f×) | %.2f (%.2f×; %.2f×) | %.2f | %.2f | %.2f, %.2f |",
                    round + 1, created.seconds(), created.seconds() / copySeconds, created.seconds() / emptySeconds,
                    noopSeconds, noopSeconds / copySeconds, noopSeconds / emptySeconds, copySeconds, emptySeconds,
                    created.databaseCpu(), created.backgroundCpu()));
        }
        report.add("");
        report.add(String.format(Locale.ROOT, "Producing the events alone took %.2f s (creations) and %.2f s (updates).",
                e2eCreate[1], e2eNoop[1]));
        String markdown = String.join("\n", report) + "\n";
        System.out.println("\n" + markdown);
        Path out = Path.of("target", "benchmark", "roster-writer.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, markdown);
    }

    /** One district's events: N users' records plus the COPY rows of the same users. */
    record Generated(String districtId, List<ObjectNode> records, String copyRows) {
    }

    private Generated generate(int users) {
        String districtId = RosterEvents.newId();
        List<String> schools = new ArrayList<>();
        for (int s = 0; s < SCHOOLS; s++) {
            schools.add(RosterEvents.newId());
        }
        List<ObjectNode> records = new ArrayList<>(users);
        StringBuilder copy = new StringBuilder(users * 400);
        Instant at = Instant.now();
        for (int i = 0; i < users; i++) {
            String id = districtId.substring(0, 8) + String.format(Locale.ROOT, "%016x", i);
            String school = schools.get(i % SCHOOLS);
            ObjectNode record;
            if (i % 10 == 0) { // a teacher in two schools who is also staff
                String second = schools.get((i + 1) % SCHOOLS);
                record = RosterEvents.user(districtId, id, "Teacher" + i, "Last" + i,
                        RosterEvents.role("teacher", List.of(school, second)), RosterEvents.role("staff", List.of(second)));
            } else {
                record = RosterEvents.user(districtId, id, "Student" + i, "Last" + i, RosterEvents.role("student", List.of(school)));
            }
            records.add(record);
            List<String> roleNames = new ArrayList<>();
            record.get("roles").forEach(r -> roleNames.add('"' + r.get("role").asText() + '"'));
            List<String> schoolIds = new ArrayList<>();
            record.get("schoolIds").forEach(s -> schoolIds.add('"' + s.asText() + '"'));
            copy.append(id).append('\t').append(districtId).append('\t').append(record.get("name").get("first").asText())
                    .append("\t\\N\t").append(record.get("name").get("last").asText()).append('\t')
                    .append(record.get("email").asText()).append('\t').append(record.get("roles").toString().replace("\\", "\\\\"))
                    .append("\t{").append(String.join(",", roleNames)).append("}\t{").append(String.join(",", schoolIds))
                    .append("}\tt\t").append(at).append('\n');
        }
        return new Generated(districtId, records, copy.toString());
    }

    private List<String> payloads(Generated district, UUID run, String changeType) {
        Instant at = Instant.now();
        List<String> payloads = new ArrayList<>(district.records.size() + 1);
        for (ObjectNode record : district.records) {
            payloads.add(changeJson(run, changeType, record, at));
        }
        EventContracts.assertConforms("roster-changes", payloads.get(0));
        EventContracts.assertConforms("roster-changes", payloads.get(payloads.size() - 1));
        boolean created = changeType.equals("created");
        payloads.add(RosterEvents.runCompleted(run, district.districtId, created ? district.records.size() : 0,
                created ? 0 : district.records.size(), 0, 0));
        return payloads;
    }

    /** Through the consumer method, in polls of POLL records; from first poll to last commit. */
    private Measured runDirect(Generated district, String changeType) throws Exception {
        List<String> payloads = payloads(district, EventIds.newRunId(Instant.now()), changeType);
        TopicPartition partition = new TopicPartition("roster.changes", 0);
        List<ConsumerRecords<String, String>> polls = new ArrayList<>();
        for (int from = 0; from < payloads.size(); from += POLL) {
            List<ConsumerRecord<String, String>> poll = new ArrayList<>(POLL);
            for (int i = from; i < Math.min(from + POLL, payloads.size()); i++) {
                poll.add(new ConsumerRecord<>("roster.changes", 0, i, district.districtId, payloads.get(i)));
            }
            polls.add(new ConsumerRecords<>(Map.of(partition, poll)));
        }
        return measure(() -> {
            for (ConsumerRecords<String, String> poll : polls) {
                consumer.consume(poll);
            }
        });
    }

    private double[] parseThenApply(Generated district, String changeType) throws Exception {
        List<String> payloads = payloads(district, EventIds.newRunId(Instant.now()), changeType);
        long start = System.nanoTime();
        List<Prepared> messages = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            messages.add(Prepared.of(parser.parse(district.districtId, payload)));
        }
        double parsing = seconds(start);
        start = System.nanoTime();
        for (int from = 0; from < messages.size(); from += POLL) {
            applier.apply(messages.subList(from, Math.min(from + POLL, messages.size())));
        }
        return new double[] { parsing, seconds(start) };
    }

    /**
     * The baseline: the same rows into the same table. Deleted again and vacuumed afterwards (not timed), so
     * that the writer's creations find roster_user as this {@code COPY} did.
     */
    private Measured rawCopyIntoRosterUser(Generated district) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            Measured measured = measure(() -> rawCopy(connection, "roster_user", district));
            String ofDistrict = " FROM roster_user WHERE district_id = '" + district.districtId + "'";
            assertThat(count("SELECT count(*)" + ofDistrict)).isEqualTo(district.records.size());
            statement.execute("DELETE" + ofDistrict);
            statement.execute("VACUUM roster_user");
            return measured;
        }
    }

    /** The baseline of earlier runs of this benchmark: a fresh table with roster_user's columns and indexes. */
    private Measured rawCopyIntoEmptyTable(Generated district) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_copy_user");
            statement.execute("CREATE TABLE bench_copy_user (LIKE roster_user INCLUDING ALL)");
            Measured measured = measure(() -> rawCopy(connection, "bench_copy_user", district));
            assertThat(count("SELECT count(*) FROM bench_copy_user")).isEqualTo(district.records.size());
            statement.execute("DROP TABLE bench_copy_user");
            return measured;
        }
    }

    private static void rawCopy(Connection connection, String table, Generated district) throws Exception {
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (id, district_id, first_name, "
                + "middle_name, last_name, email, roles, role_names, school_ids, active, last_change_at) FROM STDIN",
                new StringReader(district.copyRows));
    }

    /** Produces every event to roster.changes; returns {seconds until roster.applied, seconds producing}. */
    private double[] runKafka(Generated district, String changeType) {
        UUID run = EventIds.newRunId(Instant.now());
        List<String> payloads = payloads(district, run, changeType);
        long start = System.nanoTime();
        KafkaTestClient.send("roster.changes", district.districtId, payloads);
        double producing = seconds(start);
        List<ConsumerRecord<String, String>> applied = KafkaTestClient.read("roster.applied", district.districtId,
                found -> found.stream().anyMatch(r -> r.value().contains(run.toString())), Duration.ofMinutes(5));
        double total = seconds(start);
        String signal = applied.stream().filter(r -> r.value().contains(run.toString())).findFirst().orElseThrow().value();
        JsonPath json = JsonPath.from(signal);
        assertThat(json.getInt("counts." + changeType)).isEqualTo(district.records.size());
        assertThat(json.getInt("activeUsers")).isEqualTo(district.records.size());
        return new double[] { total, producing };
    }

    private static String changeJson(UUID run, String changeType, ObjectNode record, Instant at) {
        ObjectNode node = JSON.createObjectNode().put("schemaVersion", 1).put("type", "roster.change")
                .put("eventId", EventIds.changeId(run, changeType, record.get("id").asText()).toString()).put("runId", run.toString())
                .put("districtId", record.get("districtId").asText()).put("changeType", changeType).put("entityType", "user")
                .put("entityId", record.get("id").asText()).put("occurredAt", at.toString());
        node.set("record", record);
        return node.toString();
    }

    /** A phase's row; its CPU columns stay empty where they were not measured. */
    private void row(String phase, int users, Measured measured, double copySeconds) {
        double seconds = measured.seconds();
        String cpu = measured.databaseCpu() == 0 && measured.jvmCpu() == 0 ? " | | |"
                : String.format(Locale.ROOT, " %.2f | %.2f | %.2f |", measured.databaseCpu(), measured.backgroundCpu(),
                        measured.jvmCpu());
        report.add(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %.2f× |", phase, users, seconds, users / seconds,
                seconds / copySeconds) + cpu);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static Measured median(List<Measured> rounds) {
        List<Measured> sorted = rounds.stream().sorted(Comparator.comparingDouble(Measured::seconds)).toList();
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Wall time, and the CPU time spent meanwhile by PostgreSQL's backends (the writer's connections), by its
     * background processes (autovacuum, checkpointer, WAL and background writers) and by this JVM.
     */
    record Measured(double seconds, double databaseCpu, double backgroundCpu, double jvmCpu) {

        static Measured wallOnly(double seconds) {
            return new Measured(seconds, 0, 0, 0);
        }
    }

    /**
     * Runs {@code work} after a collection of the harness's own garbage, so that a phase does not pay for the one
     * before. CPU: the embedded PostgreSQL cluster ({@link PostgresCpu}); this JVM, which also hosts the embedded
     * Kafka broker.
     */
    private static Measured measure(Work work) throws Exception {
        System.gc();
        PostgresCpu.Sample database = postgresCpu();
        long jvm = JVM.getProcessCpuTime();
        long start = System.nanoTime();
        work.run();
        double seconds = seconds(start);
        PostgresCpu.Sample after = postgresCpu();
        return new Measured(seconds, (after.backendNanos() - database.backendNanos()) / 1e9,
                (after.backgroundNanos() - database.backgroundNanos()) / 1e9, (JVM.getProcessCpuTime() - jvm) / 1e9);
    }

    /** This module's embedded cluster (under target/); zero where there is no /proc. */
    private static PostgresCpu.Sample postgresCpu() {
        PostgresCpu.Sample sample = PostgresCpu.of(Path.of("target"));
        return sample == null ? new PostgresCpu.Sample(0, 0) : sample;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
