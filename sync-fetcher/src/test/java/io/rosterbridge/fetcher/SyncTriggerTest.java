package io.rosterbridge.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.service.NightlySchedule;
import io.rosterbridge.fetcher.service.NightlySync;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.fetcher.support.SyncTestBase;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** What starts runs: support (REST and sync.requests), the nightly schedule, and requests that arrive mid-run. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class SyncTriggerTest extends SyncTestBase {

    @Inject
    NightlySync nightly;

    @Inject
    Scheduler scheduler;

    @Inject
    FetcherConfig config;

    @Test
    void twoConcurrentRequestsMakeOneRunAndOneFollowUp() {
        String district = linkedDistrict("Busy", 20_000, 81);
        int before = log.finishedRuns(district).size();
        // Every Clever answer slowed down, so the first run is surely still going when the Kafka command arrives
        // (on a fast idle machine a 20k-user run can end before the command is consumed).
        sandbox().world().faults().setLatencyMillis(1_500);
        String first = given().auth().oauth2(Fixtures.supportToken()).post("/api/districts/{id}/syncs", district)
                .then().statusCode(202).extract().path("submission");
        String second = given().auth().oauth2(Fixtures.supportToken()).post("/api/districts/{id}/syncs", district)
                .then().statusCode(202).extract().path("submission");
        Fixtures.command("sync", district, null, "kafka.support", "third request while busy");
        assertThat(first).isEqualTo("started");
        assertThat(second).isEqualTo("follow-up-queued");

        awaitFinishedRun(district, before);
        sandbox().world().faults().clear();
        awaitFinishedRun(district, before + 1);
        // nothing more comes: the third request was folded into the follow-up
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<Event> finished = log.finishedRuns(district).subList(before, log.finishedRuns(district).size());
        assertThat(finished).extracting(e -> e.text("trigger")).containsExactly("support", "follow-up");
        assertThat(finished).extracting(e -> e.text("status")).containsOnly("completed");
        // runs never overlapped: the follow-up started after the first run ended
        List<Event> lifecycle = log.runEvents(district).stream().filter(e -> !"progress".equals(e.text("status")) && !"nightly".equals(e.text("trigger"))).toList();
        assertThat(lifecycle).extracting(e -> e.text("status")).containsExactly("started", "completed", "started", "completed");
    }

    @Test
    void aSyncCommandOnKafkaStartsASupportRun() {
        String district = linkedDistrict("Commanded", 50, 91);
        int before = log.finishedRuns(district).size();
        Fixtures.command("sync", district, null, "kim.support", "customer asked");
        Event run = awaitFinishedRun(district, before);
        assertThat(run.text("status")).isEqualTo("completed");
        assertThat(run.text("trigger")).isEqualTo("support");
        assertThat(run.text("requestedBy")).isEqualTo("kim.support");
    }

    @Test
    void theNightlyJobFollowsNewYorkWallClockAndFiresOnceAcrossReplicas() {
        Instant scheduled = scheduler.getScheduledJob(NightlySync.JOB).getNextFireTime();
        NightlySchedule schedule = new NightlySchedule(config.nightly().cron(), config.nightly().zone());
        assertThat(scheduled).isEqualTo(schedule.nextAfter(Instant.now()));
        assertThat(scheduled.atZone(java.time.ZoneId.of("America/New_York")).getHour()).isEqualTo(23);

        String district = linkedDistrict("Nightly", 30, 101);
        List<String> active = links.activeDistrictIds();
        Instant fire = schedule.nextAfter(Instant.parse("2026-03-07T12:00:00Z")); // the spring-forward night
        assertThat(fire).isEqualTo(Instant.parse("2026-03-08T04:00:00Z"));
        int before = log.finishedRuns(district).size();
        int firstReplica = nightly.fire(fire);
        int secondReplica = nightly.fire(fire.plusMillis(250));
        assertThat(firstReplica).isEqualTo(active.size());
        assertThat(secondReplica).isZero();

        Event run = awaitFinishedRun(district, before);
        assertThat(run.text("trigger")).isEqualTo("nightly");
        // every nightly run this fire started has ended before other tests go on
        await().atMost(Duration.ofSeconds(60)).until(() -> active.stream().allMatch(d ->
                log.runEvents(d).stream().filter(e -> "nightly".equals(e.text("trigger")) && "started".equals(e.text("status"))).count()
                        == log.finishedRuns(d).stream().filter(e -> "nightly".equals(e.text("trigger"))).count()));
        assertThat(fire.truncatedTo(ChronoUnit.MINUTES)).isEqualTo(fire);
    }
}
