package io.rosterbridge.writer;

import static io.rosterbridge.writer.support.RosterEvents.change;
import static io.rosterbridge.writer.support.RosterEvents.newId;
import static io.rosterbridge.writer.support.RosterEvents.role;
import static io.rosterbridge.writer.support.RosterEvents.runCompleted;
import static io.rosterbridge.writer.support.RosterEvents.school;
import static io.rosterbridge.writer.support.RosterEvents.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import io.rosterbridge.writer.service.Prepared;
import io.rosterbridge.writer.service.RosterApplier;
import io.rosterbridge.writer.support.KafkaTestClient;
import io.rosterbridge.writer.support.RosterEvents;

/**
 * A run's counts are what its changes did to the roster: a row created, an active row archived, an archived row
 * reactivated, a row whose content changed. An event seen again under its own id or sent again under a new run (after
 * a fetcher crash) changes neither the rows nor the counts. Each apply below is one committed poll of the writer.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "roster_writer"))
@WithTestResource(StaffOidcTestResource.class)
class EffectiveCountsTest {

    private static final List<Integer> NONE = List.of(0, 0, 0, 0);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RosterMessageParser parser;

    @Inject
    RosterApplier applier;

    /** A district, one school and {@code students} active students, loaded by one completed run at {@code at}. */
    record District(String id, String schoolId, List<String> students, Instant at) {

        static District of(int students, Instant at) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < students; i++) {
                ids.add(newId());
            }
            return new District(newId(), newId(), List.copyOf(ids), at);
        }

        ObjectNode student(int i) {
            return student(i, "Last" + i);
        }

        ObjectNode student(int i, String last) {
            return user(id, students.get(i), "First" + i, last, role("student", List.of(schoolId)));
        }

        List<String> load(UUID run) {
            List<String> events = new ArrayList<>();
            events.add(change(run, "created", RosterEvents.district(id, "Springfield"), at));
            events.add(change(run, "created", school(id, schoolId, "Alpha"), at));
            for (int i = 0; i < students.size(); i++) {
                events.add(change(run, "created", student(i), at));
            }
            events.add(runCompleted(run, id, students.size() + 2, 0, 0, 0));
            return events;
        }

        /** The removals of students {@code from} to {@code to} (exclusive), each under a new event id. */
        List<String> removals(UUID run, int from, int to, Instant when) {
            List<String> events = new ArrayList<>();
            for (int i = from; i < to; i++) {
                events.add(change(run, "removed", student(i), when));
            }
            return events;
        }
    }

    @Test
    void removalsSentAgainUnderANewRunAfterAFetcherCrashArchiveNobodyTwiceAndCountNothing() throws Exception {
        District d = District.of(10, Instant.now().minusSeconds(600));
        UUID load = UUID.randomUUID();
        List<String> loadEvents = d.load(load);
        apply(d.id(), loadEvents);
        assertThat(counts(load)).containsExactly(12, 0, 0, 0);

        // The fetcher sends five removals, and dies before it records them and before its run's marker.
        UUID crashed = UUID.randomUUID();
        apply(d.id(), d.removals(crashed, 0, 5, d.at().plusSeconds(60)));
        assertThat(counts(crashed)).containsExactly(0, 0, 5, 0);
        assertThat(archived(d.id())).isEqualTo(5);

        // Restarted, it sends the same removals again under a new run, so under new event ids, and announces them.
        UUID rerun = UUID.randomUUID();
        List<String> again = new ArrayList<>(d.removals(rerun, 0, 5, d.at().plusSeconds(120)));
        again.add(runCompleted(rerun, d.id(), 0, 0, 5, 0));
        apply(d.id(), again);

        assertThat(archived(d.id())).isEqualTo(5);
        assertThat(counts(crashed)).containsExactly(0, 0, 5, 0);
        assertThat(counts(rerun)).as("the rerun archived nobody").isEqualTo(NONE);
        assertThat(announced(rerun)).containsExactly(0, 0, 5, 0);
        JsonPath signal = awaitApplied(d.id(), rerun);
        assertThat(signal.getMap("counts")).isEqualTo(Map.of("created", 0, "updated", 0, "removed", 0, "restored", 0));
        assertThat(signal.getInt("activeUsers")).isEqualTo(5);

        // The writer crashes after its commit, or the topic is replayed: the same events under the same ids again.
        apply(d.id(), again);
        apply(d.id(), loadEvents);
        assertThat(counts(rerun)).isEqualTo(NONE);
        assertThat(counts(crashed)).containsExactly(0, 0, 5, 0);
        assertThat(counts(load)).containsExactly(12, 0, 0, 0);
        assertThat(archived(d.id())).isEqualTo(5);
    }

    @Test
    void theCrashedRunAndItsRerunInOnePollArchiveAndCountEachUserOnce() throws Exception {
        District d = District.of(6, Instant.now().minusSeconds(600));
        apply(d.id(), d.load(UUID.randomUUID()));

        // The writer lagged behind: both runs' removals reach it in one poll.
        UUID crashed = UUID.randomUUID();
        UUID rerun = UUID.randomUUID();
        List<String> poll = new ArrayList<>(d.removals(crashed, 0, 3, d.at().plusSeconds(60)));
        poll.addAll(d.removals(rerun, 0, 3, d.at().plusSeconds(120)));
        poll.add(runCompleted(rerun, d.id(), 0, 0, 3, 0));
        apply(d.id(), poll);

        assertThat(archived(d.id())).isEqualTo(3);
        assertThat(counts(crashed).get(2) + counts(rerun).get(2)).as("removed over both runs").isEqualTo(3);
    }

    @Test
    void everyChangeCountsWhatItDidToItsRowNotWhatItWasCalled() throws Exception {
        District d = District.of(8, Instant.now().minusSeconds(600));
        String schoolB = newId();
        String schoolC = newId();
        UUID load = UUID.randomUUID();
        List<String> first = new ArrayList<>(d.load(load));
        first.add(first.size() - 1, change(load, "created", school(d.id(), schoolB, "Beta"), d.at()));
        first.add(first.size() - 1, change(load, "created", school(d.id(), schoolC, "Gamma"), d.at()));
        apply(d.id(), first);
        // Students 5, 6 and 7 and school Gamma are archived by an earlier run.
        UUID earlier = UUID.randomUUID();
        List<String> archive = new ArrayList<>(d.removals(earlier, 5, 8, d.at().plusSeconds(10)));
        archive.add(change(earlier, "removed", school(d.id(), schoolC, "Gamma"), d.at().plusSeconds(10)));
        apply(d.id(), archive);
        assertThat(counts(earlier)).containsExactly(0, 0, 4, 0);

        UUID run = UUID.randomUUID();
        Instant t = d.at().plusSeconds(20);
        String newcomer = newId();
        apply(d.id(), List.of(
                change(run, "created", RosterEvents.district(d.id(), "Springfield"), t), // district as stored: nothing
                change(run, "created", school(d.id(), d.schoolId(), "Alpha"), t),         // school as stored: nothing
                change(run, "updated", school(d.id(), schoolB, "Beta Renamed"), t),     // updated
                change(run, "removed", school(d.id(), schoolC, "Gamma"), t),            // archived already: nothing
                change(run, "created", d.student(0), t),                                 // user as stored: nothing
                change(run, "created", d.student(1, "Married"), t),                      // stored, different: updated
                change(run, "updated", d.student(2), t),                                 // same content: nothing
                change(run, "restored", d.student(3), t),                                // active already: nothing
                change(run, "removed", d.student(4), t),                                 // removed
                change(run, "removed", d.student(5), t),                                 // archived already: nothing
                change(run, "restored", d.student(6), t),                                // restored
                change(run, "created", d.student(7), t),                                 // archived, back: restored
                change(run, "created", user(d.id(), newcomer, "Nia", "New", role("student", List.of(d.schoolId()))), t),
                runCompleted(run, d.id(), 5, 2, 3, 2)));

        assertThat(counts(run)).as("created, updated, removed, restored").containsExactly(1, 2, 1, 2);
        assertThat(announced(run)).containsExactly(5, 2, 3, 2);
        assertThat(archived(d.id())).isEqualTo(2);
        assertThat(text("SELECT last_name FROM roster_user WHERE id = '" + d.students().get(1) + "'")).isEqualTo("Married");
        assertThat(text("SELECT name FROM school WHERE id = '" + schoolB + "'")).isEqualTo("Beta Renamed");

        // An older change than the stored row loses, and counts nothing either.
        UUID stale = UUID.randomUUID();
        apply(d.id(), List.of(
                change(stale, "updated", d.student(1, "Maiden"), d.at().plusSeconds(15)),
                change(stale, "restored", d.student(4), d.at().plusSeconds(15)),
                change(stale, "updated", school(d.id(), schoolB, "Beta Old"), d.at().plusSeconds(15))));
        assertThat(counts(stale)).isEqualTo(NONE);
        assertThat(text("SELECT last_name FROM roster_user WHERE id = '" + d.students().get(1) + "'")).isEqualTo("Married");
        assertThat(archived(d.id())).isEqualTo(2);
    }

    @Test
    void aRowWithoutAContentHashThatGetsOnlyItsHashBackIsNoUpdate() throws Exception {
        District d = District.of(2, Instant.now().minusSeconds(600));
        apply(d.id(), d.load(UUID.randomUUID()));
        // As rows written before the column existed.
        execute("UPDATE roster_user SET content_hash = NULL WHERE district_id = '" + d.id() + "'");

        UUID run = UUID.randomUUID();
        apply(d.id(), List.of(
                change(run, "updated", d.student(0), d.at().plusSeconds(10)),
                change(run, "updated", d.student(1, "Changed"), d.at().plusSeconds(10))));

        assertThat(counts(run)).containsExactly(0, 1, 0, 0);
        assertThat(text("SELECT count(*) FROM roster_user WHERE district_id = '" + d.id() + "' AND content_hash IS NULL"))
                .isEqualTo("0");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void apply(String districtId, List<String> payloads) throws Exception {
        List<RosterMessage> messages = new ArrayList<>();
        for (String payload : payloads) {
            messages.add(parser.parse(districtId, payload));
        }
        applier.apply(Prepared.all(messages));
    }

    /** The run's applied counts: created, updated, removed, restored (all 0 when it changed nothing). */
    private List<Integer> counts(UUID runId) {
        return ledger("SELECT created, updated, removed, restored FROM run_progress WHERE run_id = '" + runId + "'");
    }

    /** What the run's markers announced. */
    private List<Integer> announced(UUID runId) {
        return ledger("SELECT fetcher_created, fetcher_updated, fetcher_removed, fetcher_restored FROM run_progress WHERE run_id = '"
                + runId + "'");
    }

    private long archived(String districtId) {
        return Long.parseLong(text("SELECT count(*) FROM roster_user WHERE district_id = '" + districtId + "' AND NOT active"));
    }

    private List<Integer> ledger(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                return NONE;
            }
            return List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4));
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private String text(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void execute(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The roster.applied of the run, sent by the writer's schedule for owed signals. */
    private static JsonPath awaitApplied(String districtId, UUID runId) {
        List<ConsumerRecord<String, String>> signals = KafkaTestClient.read("roster.applied", districtId,
                found -> found.stream().anyMatch(r -> r.value().contains(runId.toString())), Duration.ofSeconds(60));
        ConsumerRecord<String, String> signal = signals.stream().filter(r -> r.value().contains(runId.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("No roster.applied for run " + runId));
        EventContracts.assertConforms("roster-applied", signal.value());
        return JsonPath.from(signal.value());
    }
}
