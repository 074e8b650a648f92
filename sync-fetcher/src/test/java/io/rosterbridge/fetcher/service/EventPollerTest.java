package io.rosterbridge.fetcher.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.fetcher.repository.EventCursorRepository;
import io.rosterbridge.fetcher.repository.EventCursorRepository.Cursor;
import io.rosterbridge.fetcher.repository.EventCursorRepository.State;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.KafkaEventLog;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.fetcher.support.SyncTestBase;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Live updates: after a completed full sync the poller turns Clever's events into roster.changes with the full sync's
 * mapping; the cursor, the fallbacks (events off, cursor unknown), the sliding-window hold, order and duplicates.
 * Polls are started by hand (fetcher.events.polling is off in tests), always while no sync of the district runs.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class EventPollerTest extends SyncTestBase {

    @Inject
    EventPoller poller;

    @Inject
    EventCursorRepository cursors;

    @Inject
    SyncCoordinator coordinator;

    @Test
    void appliesRenamesAdditionsAndRemovalsWithTheFullSyncsMappingSoTheNextFullSyncFindsNothing() {
        SandboxWorld world = sandbox().world();
        String district = world.generateDistrict("Live Events", 2500, 171); // three schools
        List<String> schools = world.schoolIds(district);
        // one school is not licensed: its users and a move there must look exactly as a full sync would see them
        String unlicensed = schools.get(schools.size() - 1);
        Fixtures.link(links, district, "active", schools.subList(0, schools.size() - 1));
        settledSync(district);
        assertThat(cursor(district).state()).isEqualTo(State.LIVE);

        List<String> students = world.userIds(district, "student").stream()
                .filter(id -> !world.user(id).allSchools().isEmpty() && !world.user(id).allSchools().contains(unlicensed)).toList();
        String renamed = students.get(0);
        String moved = students.get(1);
        String removed = students.get(students.size() - 1);
        int before = changes(district).size();
        world.renameUser(renamed, "Avery", "Live");
        String added = world.addUser(district, "teacher", schools.subList(0, 2), "New", "Teacher", "new.teacher@example.org");
        world.moveStudent(moved, unlicensed);
        world.unshareUser(removed);

        EventPoller.PollResult result = poller.poll(district);

        assertThat(result.state()).isEqualTo(State.LIVE);
        List<Event> live = awaitChanges(district, before, 4);
        assertThat(live).extracting(e -> e.text("entityId") + ":" + e.text("changeType"))
                .containsExactlyInAnyOrder(renamed + ":updated", added + ":created", moved + ":removed", removed + ":removed");
        assertThat(live.stream().filter(e -> e.text("entityId").equals(renamed)).findFirst().orElseThrow()
                .value().at("/record/name/first").asText()).isEqualTo("Avery");
        assertThat(live.stream().filter(e -> e.text("entityId").equals(added)).findFirst().orElseThrow()
                .value().at("/record/schoolIds").size()).isEqualTo(2);
        assertThat(cursor(district).lastEventId()).isEqualTo(newestEventId(district));
        assertThat(cursor(district).lastAppliedAt()).isNotNull();
        given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/live-updates", district)
                .then().statusCode(200).body("live", is(true)).body("lastEventId", is(newestEventId(district)))
                .body("lagSeconds", notNullValue());

        Event reconcile = settledSync(district);
        assertThat(reconcile.text("status")).isEqualTo("completed");
        assertThat(KafkaEventLog.countsOf(reconcile)).containsOnly(
                java.util.Map.entry("created", 0L), java.util.Map.entry("updated", 0L),
                java.util.Map.entry("removed", 0L), java.util.Map.entry("restored", 0L));
        assertThat(cursor(district).state()).isEqualTo(State.LIVE);
    }

    @Test
    void duplicateAndReplayedEventsChangeNothingAndLaterEventsOfARecordWin() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Live Duplicates", 200, 172);
        settledSync(district);
        String start = cursor(district).lastEventId();
        String student = world.userIds(district, "student").get(3);
        String teacher = world.userIds(district, "teacher").get(0);
        int before = changes(district).size();
        world.renameUser(student, "First", "Rename");
        world.renameUser(teacher, "Teach", "Er");
        world.renameUser(student, "Second", "Rename");

        poller.poll(district);
        List<Event> first = awaitChanges(district, before, 2);
        // one change per record, with its last state, in the order of each record's last event
        assertThat(first).extracting(e -> e.text("entityId")).containsExactly(teacher, student);
        assertThat(first.get(1).value().at("/record/name/first").asText()).isEqualTo("Second");

        // a crash before the cursor moved: the same events are read again and emit nothing
        cursors.goLive(district, start, Instant.now());
        EventPoller.PollResult replay = poller.poll(district);
        assertThat(replay.events()).isEqualTo(3);
        assertThat(replay.counts().created() + replay.counts().updated() + replay.counts().removed()).isZero();
        EventPoller.PollResult again = poller.poll(district);
        assertThat(again.events()).isZero();
        assertThat(changes(district)).hasSize(before + 2);
    }

    @Test
    void anUnknownOrExpiredCursorFallsBackToAFullSyncThenLiveAgain() {
        String district = linkedDistrict("Live Lost Cursor", 150, 173);
        settledSync(district);
        int runsBefore = log.finishedRuns(district).size();
        cursors.goLive(district, "ffffffffffffffffffffffff", Instant.now());

        EventPoller.PollResult result = poller.poll(district);

        assertThat(result.state()).isEqualTo(State.RESYNC);
        Event resync = awaitFinishedRun(district, runsBefore);
        assertThat(resync.text("trigger")).isEqualTo("events");
        assertThat(resync.text("status")).isEqualTo("completed");
        await().atMost(Duration.ofSeconds(30)).until(() -> !coordinator.isBusy(district));
        assertThat(cursor(district).state()).isEqualTo(State.LIVE);
        assertThat(cursor(district).lastEventId()).isNotEqualTo("ffffffffffffffffffffffff");
    }

    @Test
    void eventsNotEnabledMeanNightlyOnlyAndTheConsoleReasonSaysSo() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Live Disabled", 150, 174);
        world.setEventsEnabled(district, false);
        settledSync(district);
        String student = world.userIds(district, "student").get(0);
        int before = changes(district).size();
        world.renameUser(student, "Unseen", "ByEvents");

        assertThat(poller.poll(district).events()).isZero();
        assertThat(changes(district)).hasSize(before);

        Event nightly = settledSync(district);
        assertThat(KafkaEventLog.countsOf(nightly).get("updated")).isEqualTo(1L);
        Cursor off = cursor(district);
        assertThat(off.state()).isEqualTo(State.OFF);
        assertThat(off.reason()).contains("not enabled").contains("nightly full sync only");
        assertThat(poller.poll(district).state()).isEqualTo(State.OFF);
        // what the console shows
        given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/live-updates", district)
                .then().statusCode(200).body("live", is(false)).body("state", is("off"))
                .body("reason", containsString("not enabled"));

        // enabled again: the next completed full sync finds events in the feed and goes live
        world.setEventsEnabled(district, true);
        world.renameUser(student, "Seen", "Again");
        settledSync(district);
        assertThat(cursor(district).state()).isEqualTo(State.LIVE);
    }

    @Test
    void aBurstOfRemovalsOverTheThresholdPausesLiveUpdatesAndHoldsTheRemovals() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Live Burst", 400, 175);
        settledSync(district);
        List<String> students = world.userIds(district, "student");
        int before = changes(district).size();
        // two small unshares inside the window: together over 10 % of the district's users
        world.unshareUsers(students.subList(0, 20));
        EventPoller.PollResult first = poller.poll(district);
        assertThat(first.state()).isEqualTo(State.LIVE);
        assertThat(first.counts().removed()).isEqualTo(20);
        int runsBefore = log.finishedRuns(district).size();
        world.unshareUsers(students.subList(20, 45));
        world.renameUser(students.get(50), "Still", "Applied");

        EventPoller.PollResult burst = poller.poll(district);

        assertThat(burst.state()).isEqualTo(State.PAUSED);
        Event held = awaitFinishedRun(district, runsBefore);
        assertThat(held.text("status")).isEqualTo("held");
        assertThat(held.text("trigger")).isEqualTo("events");
        assertThat(held.value().at("/counts/removed").asLong()).isEqualTo(25);
        List<Event> live = awaitChanges(district, before, 21);
        assertThat(live).filteredOn(e -> "removed".equals(e.text("changeType"))).hasSize(20);
        assertThat(live).anySatisfy(e -> assertThat(e.text("entityId")).isEqualTo(students.get(50)));
        assertThat(cursor(district).state()).isEqualTo(State.PAUSED);
        assertThat(cursor(district).reason()).contains("would remove");
        assertThat(poller.poll(district).events()).isZero();
    }

    /**
     * A full sync, finished and wholly seen: sync.runs can report it completed before this test's consumer has read all
     * its roster.changes, so a completed run is waited for until its run-completed marker (sent after its changes, on
     * the same partition) is read too; counts taken afterwards then hold only what came later.
     */
    private Event settledSync(String district) {
        Event run = sync(district);
        await().atMost(Duration.ofSeconds(30)).until(() -> !coordinator.isBusy(district));
        if ("completed".equals(run.text("status"))) {
            String runId = run.text("runId");
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.matching(e -> e.topic().equals("roster.changes")
                    && district.equals(e.key()) && "roster.run-completed".equals(e.text("type")) && runId.equals(e.text("runId"))).isEmpty());
        }
        return run;
    }

    private Cursor cursor(String district) {
        return cursors.find(district).orElseThrow();
    }

    private String newestEventId(String district) {
        return sandbox().world().events(district).retained().lastKey();
    }

    /** The district's roster.change messages (not markers), in order. */
    private List<Event> changes(String district) {
        return log.matching(e -> e.topic().equals("roster.changes") && district.equals(e.key())
                && "roster.change".equals(e.text("type")));
    }

    private List<Event> awaitChanges(String district, int before, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> changes(district).size() >= before + expected);
        List<Event> all = changes(district);
        assertThat(all).hasSize(before + expected);
        return all.subList(before, all.size());
    }
}
