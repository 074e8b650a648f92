package io.rosterbridge.writer;

import static io.restassured.RestAssured.given;
import static io.rosterbridge.writer.support.RosterEvents.change;
import static io.rosterbridge.writer.support.RosterEvents.newId;
import static io.rosterbridge.writer.support.RosterEvents.role;
import static io.rosterbridge.writer.support.RosterEvents.runCompleted;
import static io.rosterbridge.writer.support.RosterEvents.school;
import static io.rosterbridge.writer.support.RosterEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.writer.change.RosterMessageParser;
import io.rosterbridge.writer.messaging.RosterChangeConsumer;
import io.rosterbridge.writer.service.Prepared;
import io.rosterbridge.writer.service.RosterApplier;
import io.rosterbridge.writer.support.KafkaTestClient;
import io.rosterbridge.writer.support.RosterEvents;
import io.rosterbridge.writer.support.StaffTokens;

/** The writer end to end on the real broker and database: roster.changes in, tables and roster.applied out. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "roster_writer"))
@WithTestResource(StaffOidcTestResource.class)
class RosterWriterFlowTest {

    private static final String CHANGES = "roster.changes";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RosterMessageParser parser;

    @Inject
    RosterApplier applier;

    @Inject
    RosterChangeConsumer consumer;

    /** A district with two schools, a student, a teacher in both schools who is also staff, and an admin. */
    record District(String id, String schoolA, String schoolB, String student, String teacher, String admin) {

        static District create() {
            return new District(newId(), newId(), newId(), newId(), newId(), newId());
        }

        ObjectNode studentRecord(String last) {
            return user(id, student, "Ada", last, role("student", List.of(schoolA)));
        }

        ObjectNode teacherRecord() {
            return user(id, teacher, "Tom", "Teach", role("teacher", List.of(schoolA, schoolB)), role("staff", List.of(schoolB)));
        }

        ObjectNode adminRecord() {
            return user(id, admin, "Dee", "Admin", role("district_admin", List.of()));
        }

        /** A first full load: the district, its schools and its three users, then the run's completed marker. */
        List<String> firstLoad(UUID run, Instant at) {
            return List.of(
                    change(run, "created", RosterEvents.district(id, "Springfield"), at),
                    change(run, "created", school(id, schoolA, "Alpha"), at),
                    change(run, "created", school(id, schoolB, "Beta"), at),
                    change(run, "created", studentRecord("Lovelace"), at),
                    change(run, "created", teacherRecord(), at),
                    change(run, "created", adminRecord(), at),
                    runCompleted(run, id, 6, 0, 0, 0));
        }
    }

    @Test
    void firstLoadAppliesEverythingAndSignalsTheFetchersCounts() {
        District d = District.create();
        UUID run = UUID.randomUUID();
        KafkaTestClient.send(CHANGES, d.id(), d.firstLoad(run, Instant.now()));

        JsonPath applied = awaitApplied(d.id(), run);
        assertThat(applied.getMap("counts")).isEqualTo(Map.of("created", 6, "updated", 0, "removed", 0, "restored", 0));
        assertThat(applied.getInt("activeUsers")).isEqualTo(3);
        assertThat(applied.getBoolean("fullSnapshot")).isTrue();

        JsonPath teacher = api("/api/users/" + d.teacher());
        assertThat(teacher.getBoolean("active")).isTrue();
        assertThat(teacher.getString("name.first")).isEqualTo("Tom");
        assertThat(teacher.getList("roles.role")).containsExactly("teacher", "staff");
        assertThat(teacher.getList("schoolIds")).containsExactlyInAnyOrder(d.schoolA(), d.schoolB());
        assertThat(api("/api/districts/" + d.id() + "/schools").getList("data.name")).hasSize(2).contains("Alpha", "Beta");
        assertThat(api("/api/districts/" + d.id() + "/users").getList("data.id")).hasSize(3);
    }

    @Test
    void multiSchoolAndMultiRoleUsersAreMembersOfEachSchoolWithEveryRole() {
        District d = District.create();
        loaded(d, Instant.now());

        String users = "/api/districts/" + d.id() + "/users";
        assertThat(api(users + "?school=" + d.schoolA()).getList("data.id")).containsExactlyInAnyOrder(d.student(), d.teacher());
        assertThat(api(users + "?school=" + d.schoolB()).getList("data.id")).containsExactly(d.teacher());
        assertThat(api(users + "?role=staff").getList("data.id")).containsExactly(d.teacher());
        assertThat(api(users + "?role=teacher&school=" + d.schoolB()).getList("data.id")).containsExactly(d.teacher());

        JsonPath counts = api("/api/districts/" + d.id() + "/counts");
        assertThat(counts.getInt("totalActive")).isEqualTo(3);
        assertThat(counts.getList("bySchoolAndRole", Map.class)).containsExactlyInAnyOrder(
                Map.of("schoolId", d.schoolA(), "role", "student", "active", 1, "archived", 0),
                Map.of("schoolId", d.schoolA(), "role", "teacher", "active", 1, "archived", 0),
                Map.of("schoolId", d.schoolB(), "role", "teacher", "active", 1, "archived", 0),
                Map.of("schoolId", d.schoolB(), "role", "staff", "active", 1, "archived", 0),
                counts.getMap("bySchoolAndRole.find { it.role == 'district_admin' }"));
        assertThat(counts.getString("bySchoolAndRole.find { it.role == 'district_admin' }.schoolId")).isNull();
        assertThat(counts.getInt("bySchoolAndRole.find { it.role == 'district_admin' }.active")).isEqualTo(1);
    }

    @Test
    void updatesArchiveAndRestoreKeepOneRowWithItsHistory() {
        District d = District.create();
        Instant t0 = Instant.now().minusSeconds(60);
        loaded(d, t0);

        UUID nightly = UUID.randomUUID();
        KafkaTestClient.send(CHANGES, d.id(), List.of(
                change(nightly, "updated", d.studentRecord("Byron"), t0.plusSeconds(10)),
                change(nightly, "removed", d.teacherRecord(), t0.plusSeconds(10)),
                change(nightly, "removed", school(d.id(), d.schoolB(), "Beta"), t0.plusSeconds(10)),
                runCompleted(nightly, d.id(), 0, 1, 2, 0)));
        JsonPath applied = awaitApplied(d.id(), nightly);
        assertThat(applied.getMap("counts")).isEqualTo(Map.of("created", 0, "updated", 1, "removed", 2, "restored", 0));
        assertThat(applied.getInt("activeUsers")).isEqualTo(2);

        assertThat(api("/api/users/" + d.student()).getString("name.last")).isEqualTo("Byron");
        JsonPath archived = api("/api/users/" + d.teacher());
        assertThat(archived.getBoolean("active")).isFalse();
        assertThat(archived.getList("roles.role")).containsExactly("teacher", "staff");
        String users = "/api/districts/" + d.id() + "/users";
        assertThat(api(users + "?active=false").getList("data.id")).containsExactly(d.teacher());
        assertThat(api(users + "?active=true").getList("data.id")).doesNotContain(d.teacher()).hasSize(2);
        assertThat(api("/api/districts/" + d.id() + "/schools").getList("data.findAll { !it.active }.id")).containsExactly(d.schoolB());
        JsonPath counts = api("/api/districts/" + d.id() + "/counts");
        assertThat(counts.getInt("bySchoolAndRole.find { it.schoolId == '" + d.schoolB() + "' && it.role == 'teacher' }.archived")).isEqualTo(1);

        UUID back = UUID.randomUUID();
        KafkaTestClient.send(CHANGES, d.id(), List.of(
                change(back, "restored", d.teacherRecord(), t0.plusSeconds(20)),
                runCompleted(back, d.id(), 0, 0, 0, 1)));
        assertThat(awaitApplied(d.id(), back).getInt("activeUsers")).isEqualTo(3);
        assertThat(api("/api/users/" + d.teacher()).getBoolean("active")).isTrue();
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE id = '" + d.teacher() + "'")).isEqualTo(1);
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE id = '" + d.teacher() + "' AND archived_at IS NULL")).isEqualTo(1);
    }

    @Test
    void aHeldRunThatIsApprovedSignalsAgainWithJustTheApprovedRemovals() {
        District d = District.create();
        Instant t0 = Instant.now().minusSeconds(60);
        loaded(d, t0);

        // The held run applies its update and holds its removal; support approves later under the same run id.
        UUID held = UUID.randomUUID();
        KafkaTestClient.send(CHANGES, d.id(), List.of(
                change(held, "updated", d.studentRecord("Held"), t0.plusSeconds(10)),
                runCompleted(held, d.id(), 0, 1, 0, 0)));
        assertThat(awaitApplied(d.id(), held).getMap("counts")).isEqualTo(Map.of("created", 0, "updated", 1, "removed", 0, "restored", 0));
        KafkaTestClient.send(CHANGES, d.id(), List.of(
                change(held, "removed", d.teacherRecord(), t0.plusSeconds(20)),
                runCompleted(held, d.id(), 0, 0, 1, 0)));

        List<ConsumerRecord<String, String>> signals = KafkaTestClient.read("roster.applied", d.id(),
                found -> found.stream().filter(r -> r.value().contains(held.toString())).count() >= 2, WAIT);
        List<JsonPath> forHeld = signals.stream().filter(r -> r.value().contains(held.toString()))
                .map(r -> JsonPath.from(r.value())).toList();
        assertThat(forHeld).hasSize(2);
        assertThat(forHeld.get(1).getMap("counts")).isEqualTo(Map.of("created", 0, "updated", 0, "removed", 1, "restored", 0));
        assertThat(forHeld.get(1).getString("eventId")).isNotEqualTo(forHeld.get(0).getString("eventId"));
        assertThat(api("/api/users/" + d.teacher()).getBoolean("active")).isFalse();
        // Over both completions, what the run's markers announced equals what the writer applied.
        assertThat(rowCount("SELECT count(*) FROM run_progress WHERE run_id = '" + held + "'"
                + " AND (fetcher_created, fetcher_updated, fetcher_removed, fetcher_restored) = (0, 1, 1, 0)"
                + " AND (created, updated, removed, restored) = (0, 1, 1, 0)")).isEqualTo(1);
    }

    @Test
    void duplicateDeliveryOfEveryEventChangesNothing() {
        District d = District.create();
        UUID run = UUID.randomUUID();
        List<String> load = d.firstLoad(run, Instant.now());
        List<String> twice = new ArrayList<>();
        for (String event : load) {
            twice.add(event);
            twice.add(event);
        }
        twice.addAll(load); // and the whole run once more, after the marker
        KafkaTestClient.send(CHANGES, d.id(), twice);

        JsonPath applied = awaitApplied(d.id(), run);
        assertThat(applied.getMap("counts")).isEqualTo(Map.of("created", 6, "updated", 0, "removed", 0, "restored", 0));
        assertThat(appliedSignals(d.id(), Duration.ofSeconds(4))).hasSize(1);
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE district_id = '" + d.id() + "'")).isEqualTo(3);
        assertThat(rowCount("SELECT count(*) FROM school WHERE district_id = '" + d.id() + "'")).isEqualTo(2);
        assertThat(rowCount("SELECT created FROM run_progress WHERE run_id = '" + run + "'")).isEqualTo(6);
    }

    @Test
    void anOlderChangeArrivingAfterANewerOneDoesNotWin() throws Exception {
        District d = District.create();
        Instant t0 = Instant.now().minusSeconds(60);
        UUID run = UUID.randomUUID();
        KafkaTestClient.send(CHANGES, d.id(), List.of(
                change(run, "created", d.studentRecord("Newer"), t0.plusSeconds(5)),
                change(run, "updated", d.studentRecord("Older"), t0),
                runCompleted(run, d.id(), 1, 1, 0, 0)));
        awaitApplied(d.id(), run);
        assertThat(api("/api/users/" + d.student()).getString("name.last")).isEqualTo("Newer");

        // The same, split over two transactions: the stale change loses against the stored row too.
        applier.apply(Prepared.all(parse(d.id(), List.of(change(UUID.randomUUID(), "updated", d.studentRecord("Stale"), t0.minusSeconds(5))))));
        assertThat(api("/api/users/" + d.student()).getString("name.last")).isEqualTo("Newer");
    }

    @Test
    void aRowWithoutAContentHashIsComparedColumnByColumnAndGetsItsHash() throws Exception {
        District d = District.create();
        Instant t0 = Instant.now().minusSeconds(60);
        applier.apply(Prepared.all(parse(d.id(), List.of(change(UUID.randomUUID(), "created", d.studentRecord("Lovelace"), t0)))));
        String hash = "SELECT coalesce(encode(content_hash, 'hex'), 'none') FROM roster_user WHERE id = '" + d.student() + "'";
        String written = rowText(hash);
        assertThat(written).hasSize(32);
        // As a row written before the column existed.
        execute("UPDATE roster_user SET content_hash = NULL WHERE id = '" + d.student() + "'");

        // The same content: the columns decide, nothing visible changes, and the row gets its hash back.
        applier.apply(Prepared.all(parse(d.id(), List.of(change(UUID.randomUUID(), "updated", d.studentRecord("Lovelace"), t0.plusSeconds(1))))));
        assertThat(rowText(hash)).isEqualTo(written);
        assertThat(api("/api/users/" + d.student()).getString("name.last")).isEqualTo("Lovelace");

        // A real change still lands, with the hash of its new content.
        applier.apply(Prepared.all(parse(d.id(), List.of(change(UUID.randomUUID(), "updated", d.studentRecord("Byron"), t0.plusSeconds(2))))));
        assertThat(api("/api/users/" + d.student()).getString("name.last")).isEqualTo("Byron");
        assertThat(rowText(hash)).hasSize(32).isNotEqualTo(written);
    }

    @Test
    void aCreationOfAUserStoredAlreadyIsMergedLikeAnUpdate() {
        District d = District.create();
        Instant t0 = Instant.now().minusSeconds(60);
        loaded(d, t0);

        // A fetcher that lost its state announces a stored user as new, next to a user who is new indeed.
        UUID again = UUID.randomUUID();
        String newcomer = newId();
        KafkaTestClient.send(CHANGES, d.id(), List.of(
                change(again, "created", d.studentRecord("Byron"), t0.plusSeconds(10)),
                change(again, "created", user(d.id(), newcomer, "Nia", "New", role("student", List.of(d.schoolA()))), t0.plusSeconds(10)),
                runCompleted(again, d.id(), 2, 0, 0, 0)));

        // The writer counts what it did: one user created, one stored user's content changed.
        assertThat(awaitApplied(d.id(), again).getMap("counts")).isEqualTo(Map.of("created", 1, "updated", 1, "removed", 0, "restored", 0));
        assertThat(api("/api/users/" + d.student()).getString("name.last")).isEqualTo("Byron");
        assertThat(api("/api/users/" + newcomer).getString("name.last")).isEqualTo("New");
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE district_id = '" + d.id() + "'")).isEqualTo(4);
    }

    @Test
    void aPollMergedInSeveralPartsEndsAsIfMergedAtOnce() throws Exception {
        District d = District.create();
        Instant t0 = Instant.now().minusSeconds(60);
        UUID run = UUID.randomUUID();
        List<String> payloads = new ArrayList<>();
        String firstStudent = change(run, "created", d.studentRecord("Lovelace"), t0);
        payloads.add(firstStudent);
        payloads.add(change(run, "created", school(d.id(), d.schoolA(), "Alpha"), t0));
        payloads.add(change(run, "created", d.teacherRecord(), t0));
        List<String> others = new ArrayList<>();
        // Enough users to fill the first part, so that everything after them goes into the next one.
        int fill = RosterApplier.PART;
        for (int i = 0; i < fill; i++) {
            String id = d.id().substring(0, 8) + String.format("%016x", i);
            others.add(id);
            payloads.add(change(run, "created", user(d.id(), id, "S" + i, "L" + i, role("student", List.of(d.schoolA()))), t0));
        }
        // Past the first part: the same event again, a newer change, an older one after it, a no-op update, a removal.
        payloads.add(firstStudent);
        payloads.add(change(run, "updated", d.studentRecord("Byron"), t0.plusSeconds(10)));
        payloads.add(change(run, "updated", d.studentRecord("Stale"), t0.plusSeconds(5)));
        payloads.add(change(run, "updated", user(d.id(), others.get(0), "S0", "L0", role("student", List.of(d.schoolA()))),
                t0.plusSeconds(10)));
        payloads.add(change(run, "removed", d.teacherRecord(), t0.plusSeconds(10)));
        payloads.add(change(run, "updated", school(d.id(), d.schoolA(), "Alpha Renamed"), t0.plusSeconds(10)));
        payloads.add(runCompleted(run, d.id(), fill + 3, 4, 1, 0));
        List<ConsumerRecord<String, String>> poll = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            poll.add(new ConsumerRecord<>(CHANGES, 0, i, d.id(), payloads.get(i)));
        }
        String unchanged = "SELECT xmin::text || updated_at FROM roster_user WHERE id = '" + others.get(0) + "'";

        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(CHANGES, 0), poll)));

        JsonPath applied = awaitApplied(d.id(), run);
        // Counted is what the rows underwent: the student's newest change (the stale one loses to it) and the renamed
        // school are updates; the no-op update and the duplicate are nothing.
        assertThat(applied.getMap("counts")).isEqualTo(Map.of("created", fill + 3, "updated", 2, "removed", 1, "restored", 0));
        assertThat(applied.getInt("activeUsers")).isEqualTo(fill + 1);
        assertThat(api("/api/users/" + d.student()).getString("name.last")).isEqualTo("Byron");
        assertThat(api("/api/users/" + d.teacher()).getBoolean("active")).isFalse();
        assertThat(api("/api/districts/" + d.id() + "/schools").getList("data.name")).containsExactly("Alpha Renamed");
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE district_id = '" + d.id() + "'")).isEqualTo(fill + 2);

        // A no-op update in a later poll counts nothing, writes no new row version and takes no row lock (xmax stays 0).
        String before = rowText(unchanged);
        UUID later = UUID.randomUUID();
        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(CHANGES, 0), List.of(
                new ConsumerRecord<>(CHANGES, 0, 0, d.id(), change(later, "updated",
                        user(d.id(), others.get(0), "S0", "L0", role("student", List.of(d.schoolA()))), t0.plusSeconds(30))),
                new ConsumerRecord<>(CHANGES, 0, 1, d.id(), runCompleted(later, d.id(), 0, 1, 0, 0))))));
        assertThat(awaitApplied(d.id(), later).getMap("counts")).isEqualTo(Map.of("created", 0, "updated", 0, "removed", 0, "restored", 0));
        assertThat(rowText(unchanged)).isEqualTo(before);
        assertThat(rowText("SELECT xmax::text FROM roster_user WHERE id = '" + others.get(0) + "'")).isEqualTo("0");
    }

    @Test
    void aChangeTheDatabaseRefusesMidCopyIsDeadLetteredAndTheRestOfThePollApplied() throws Exception {
        District d = District.create();
        Instant now = Instant.now();
        UUID run = UUID.randomUUID();
        // Valid by the contract and the parser, but PostgreSQL has no year 0: the staging COPY fails on it.
        ObjectNode yearZero = RosterEvents.parse(change(run, "created", d.adminRecord(), now)).put("occurredAt", "0000-01-01T00:00:00Z");
        List<String> payloads = List.of(
                change(run, "created", d.studentRecord("Lovelace"), now),
                yearZero.toString(),
                change(run, "created", d.teacherRecord(), now),
                runCompleted(run, d.id(), 3, 0, 0, 0));
        List<ConsumerRecord<String, String>> poll = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            poll.add(new ConsumerRecord<>(CHANGES, 0, 1000 + i, d.id(), payloads.get(i)));
        }

        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(CHANGES, 0), poll)));

        assertThat(awaitApplied(d.id(), run).getMap("counts")).isEqualTo(Map.of("created", 2, "updated", 0, "removed", 0, "restored", 0));
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE district_id = '" + d.id() + "'")).isEqualTo(2);
        List<ConsumerRecord<String, String>> dead = KafkaTestClient.read("roster.dead-letter", d.id(), found -> !found.isEmpty(), WAIT);
        assertThat(dead).singleElement().satisfies(record -> {
            EventContracts.assertConforms("roster-dead-letter", record.value());
            assertThat(RosterEvents.parse(record.value()).get("reason").asText()).startsWith("refused by the database");
            assertThat(RosterEvents.parse(record.value()).get("payload").asText()).isEqualTo(yearZero.toString());
        });
    }

    @Test
    void aCrashBetweenTheDatabaseCommitAndTheOffsetCommitRedeliversWithoutEffect() throws Exception {
        District d = District.create();
        UUID run = UUID.randomUUID();
        List<String> load = d.firstLoad(run, Instant.now());

        // The writer's transaction for this poll committed, then the process died: no offsets committed, no
        // roster.applied sent. The apply below is exactly that transaction.
        applier.apply(Prepared.all(parse(d.id(), load)));
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE district_id = '" + d.id() + "'")).isEqualTo(3);

        // After the restart the broker hands the same records to the writer again.
        KafkaTestClient.send(CHANGES, d.id(), load);

        JsonPath applied = awaitApplied(d.id(), run);
        assertThat(applied.getMap("counts")).isEqualTo(Map.of("created", 6, "updated", 0, "removed", 0, "restored", 0));
        assertThat(applied.getInt("activeUsers")).isEqualTo(3);
        assertThat(appliedSignals(d.id(), Duration.ofSeconds(4))).hasSize(1);
        assertThat(rowCount("SELECT count(*) FROM roster_user WHERE district_id = '" + d.id() + "'")).isEqualTo(3);
    }

    @Test
    void aReplayOfTheWholeTopicLeavesTheSameState() {
        District d = District.create();
        Instant t0 = Instant.now().minusSeconds(60);
        UUID load = UUID.randomUUID();
        UUID nightly = UUID.randomUUID();
        List<String> events = new ArrayList<>(d.firstLoad(load, t0));
        events.addAll(List.of(
                change(nightly, "removed", d.studentRecord("Lovelace"), t0.plusSeconds(10)),
                change(nightly, "updated", d.teacherRecord().put("email", "tom@school.example"), t0.plusSeconds(10)),
                runCompleted(nightly, d.id(), 0, 1, 1, 0)));
        KafkaTestClient.send(CHANGES, d.id(), events);
        awaitApplied(d.id(), nightly);
        String before = snapshot(d.id());

        // Replay: read roster.changes from offset 0, exactly as a consumer group reset to earliest would, and feed
        // every poll to the writer's consumer.
        int replayed = 0;
        try (KafkaConsumer<String, String> replay = KafkaTestClient.consumerFromBeginning(CHANGES, 1000)) {
            int emptyPolls = 0;
            while (emptyPolls < 5) {
                ConsumerRecords<String, String> poll = replay.poll(Duration.ofMillis(500));
                if (poll.isEmpty()) {
                    emptyPolls++;
                    continue;
                }
                emptyPolls = 0;
                replayed += poll.count();
                consumer.consume(poll);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(replayed).isGreaterThanOrEqualTo(events.size());
        assertThat(snapshot(d.id())).isEqualTo(before);
        assertThat(appliedSignals(d.id(), Duration.ofSeconds(3))).hasSize(2);
    }

    @Test
    void aMalformedEventIsDeadLetteredAndTheOthersAreApplied() {
        District d = District.create();
        UUID run = UUID.randomUUID();
        Instant now = Instant.now();
        double before = deadLetterMetric();
        ObjectNode wrongVersion = RosterEvents.parse(change(run, "created", d.adminRecord(), now)).put("schemaVersion", 2);
        ObjectNode badId = RosterEvents.parse(change(run, "created", d.studentRecord("X"), now));
        ((ObjectNode) badId.get("record")).put("id", "not-a-clever-id");
        KafkaTestClient.send(CHANGES, d.id(), List.of(
                change(run, "created", school(d.id(), d.schoolA(), "Alpha"), now),
                "{\"schemaVersion\":1,\"type\":\"roster.change\"", // truncated JSON
                wrongVersion.toString(),
                badId.toString(),
                change(run, "created", d.teacherRecord(), now),
                runCompleted(run, d.id(), 5, 0, 0, 0)));

        JsonPath applied = awaitApplied(d.id(), run);
        // Two of the fetcher's five changes were applied; the signal says so rather than pretend otherwise.
        assertThat(applied.getMap("counts")).isEqualTo(Map.of("created", 2, "updated", 0, "removed", 0, "restored", 0));
        assertThat(api("/api/users/" + d.teacher()).getBoolean("active")).isTrue();

        List<ConsumerRecord<String, String>> dead = KafkaTestClient.read("roster.dead-letter", d.id(), found -> found.size() >= 3, WAIT);
        assertThat(dead).hasSize(3);
        dead.forEach(record -> EventContracts.assertConforms("roster-dead-letter", record.value()));
        List<String> reasons = dead.stream().map(r -> RosterEvents.parse(r.value()).get("reason").asText()).toList();
        assertThat(reasons.get(0)).startsWith("not JSON");
        assertThat(reasons.get(1)).contains("unsupported schemaVersion 2");
        assertThat(reasons.get(2)).contains("record.id 'not-a-clever-id' is not a Clever id");
        ObjectNode first = RosterEvents.parse(dead.get(0).value());
        assertThat(first.get("sourceTopic").asText()).isEqualTo(CHANGES);
        assertThat(first.get("payload").asText()).isEqualTo("{\"schemaVersion\":1,\"type\":\"roster.change\"");
        assertThat(deadLetterMetric()).isGreaterThanOrEqualTo(before + 3);
    }

    private JsonPath awaitApplied(String districtId, UUID runId) {
        List<ConsumerRecord<String, String>> signals = KafkaTestClient.read("roster.applied", districtId,
                found -> found.stream().anyMatch(r -> r.value().contains(runId.toString())), WAIT);
        ConsumerRecord<String, String> signal = signals.stream().filter(r -> r.value().contains(runId.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("No roster.applied for run " + runId));
        EventContracts.assertConforms("roster-applied", signal.value());
        JsonPath json = JsonPath.from(signal.value());
        assertThat(json.getString("districtId")).isEqualTo(districtId);
        return json;
    }

    /** Every roster.applied of the district that arrives within the settle time. */
    private static List<ConsumerRecord<String, String>> appliedSignals(String districtId, Duration settle) {
        return KafkaTestClient.read("roster.applied", districtId, found -> false, settle);
    }

    private List<RosterMessage> parse(String districtId, List<String> payloads) throws Exception {
        List<RosterMessage> messages = new ArrayList<>();
        for (String payload : payloads) {
            messages.add(parser.parse(districtId, payload));
        }
        return messages;
    }

    private static JsonPath api(String path) {
        return JsonPath.from(given().auth().oauth2(StaffTokens.gateway()).when().get(path).then().statusCode(200).extract().asString());
    }

    private String rowText(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Sends the district's first load, its changes at {@code at}, and waits until it is applied. */
    private void loaded(District d, Instant at) {
        UUID run = UUID.randomUUID();
        KafkaTestClient.send(CHANGES, d.id(), d.firstLoad(run, at));
        awaitApplied(d.id(), run);
    }

    private void execute(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private long rowCount(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Everything stored for a district, row versions included (xmin changes on any write). */
    private String snapshot(String districtId) {
        String sql = """
                SELECT string_agg(t, E'\\n' ORDER BY t) FROM (
                    SELECT concat_ws('|', 'u', id, active, roles::text, school_ids::text, email, last_name, updated_at, xmin::text) AS t
                    FROM roster_user WHERE district_id = ?
                    UNION ALL SELECT concat_ws('|', 's', id, active, name, updated_at, xmin::text) FROM school WHERE district_id = ?
                    UNION ALL SELECT concat_ws('|', 'r', run_id, created, updated, removed, restored, active_users, applied_event_id, applied_sent_at)
                    FROM run_progress WHERE district_id = ?) rows""";
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            for (int i = 1; i <= 3; i++) {
                statement.setString(i, districtId);
            }
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double deadLetterMetric() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("roster_writer_dead_letters_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
