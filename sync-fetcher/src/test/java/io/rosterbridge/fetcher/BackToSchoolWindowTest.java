package io.rosterbridge.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rosterbridge.fetcher.service.NightlySync;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.KafkaEventLog;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.fetcher.support.SyncTestBase;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Back-to-school windows set through the API: inside one every run holds its removals (however few), outside it
 * they go out; in mode skip-night the nightly fire skips the district. Days are US Eastern, like the schedule.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class BackToSchoolWindowTest extends SyncTestBase {

    private static final ZoneId EASTERN = ZoneId.of("America/New_York");

    @Inject
    NightlySync nightly;

    @Inject
    DataSource dataSource;

    /** Other test classes share this database and fire the nightly job: no window of ours may outlive its test. */
    @AfterEach
    void forgetWindows() throws Exception {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM back_to_school_window");
        }
    }

    @Test
    void insideTheWindowASingleRemovalIsHeldAndOutsideItGoesOut() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Rollover Hold", 200, 2001);
        sync(district);
        LocalDate today = LocalDate.now(EASTERN);
        JsonPath window = setWindow(district, today.minusDays(1), today.plusDays(1), "hold-removals");
        assertThat(window.getBoolean("inside")).isTrue();
        assertThat(window.getString("source")).isEqualTo("district");

        List<String> students = world.userIds(district, Role.STUDENT);
        world.removeUser(students.get(0)); // 1 of 200: far below the safety threshold
        Event held = sync(district);
        assertThat(held.text("status")).isEqualTo("held");
        assertThat(held.text("reason")).contains("back-to-school window");
        assertThat(held.value().at("/counts/removed").asLong()).isEqualTo(1);
        assertThat(changesOf(held)).noneMatch(c -> "removed".equals(c.text("changeType")));

        JsonPath preview = given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/preview", district)
                .then().statusCode(200).extract().jsonPath();
        assertThat(preview.getString("outcome")).isEqualTo("held");
        assertThat(preview.getString("reason")).contains("back-to-school window");

        given().auth().oauth2(Fixtures.supportToken()).get("/api/back-to-school/inside")
                .then().statusCode(200).body("districtId", org.hamcrest.Matchers.hasItem(district));

        // the window moved to next month: the removal goes out at the next run
        window = setWindow(district, today.plusDays(10), today.plusDays(20), "hold-removals");
        assertThat(window.getBoolean("inside")).isFalse();
        Event outside = sync(district);
        assertThat(outside.text("status")).isEqualTo("completed");
        assertThat(KafkaEventLog.countsOf(outside)).containsEntry("removed", 1L);
        given().auth().oauth2(Fixtures.supportToken()).get("/api/back-to-school/inside")
                .then().statusCode(200).body("districtId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(district)));
    }

    @Test
    void aSkipNightWindowSkipsTheNightlyRunUpToThe2300RunOfItsLastEasternDay() {
        String skipped = linkedDistrict("Rollover Skip", 30, 2002);
        // the window's last day is 15 August 2031; its 23:00 EDT fire is 03:00 UTC on the 16th
        setWindow(skipped, LocalDate.parse("2031-08-01"), LocalDate.parse("2031-08-15"), "skip-night");
        int activeBefore = links.activeDistrictIds().size();
        int finishedBefore = log.finishedRuns(skipped).size();

        int requested = nightly.fire(Instant.parse("2031-08-16T03:00:00Z"));

        assertThat(requested).isEqualTo(activeBefore - 1);
        awaitNightlyRunsEnded();
        assertThat(log.finishedRuns(skipped)).hasSize(finishedBefore);

        // the next night is outside the window: the district runs
        requested = nightly.fire(Instant.parse("2031-08-17T03:00:00Z"));
        assertThat(requested).isEqualTo(activeBefore);
        Event run = awaitFinishedRun(skipped, finishedBefore);
        assertThat(run.text("trigger")).isEqualTo("nightly");
        awaitNightlyRunsEnded();
    }

    @Test
    void windowsAreValidatedAndCanBeResetToTheDefault() {
        String district = linkedDistrict("Rollover Settings", 10, 2003);
        given().auth().oauth2(Fixtures.supportToken()).contentType(ContentType.JSON)
                .body("{\"startsOn\":\"2026-09-01\",\"endsOn\":\"2026-08-01\",\"mode\":\"hold-removals\"}")
                .put("/api/districts/{id}/window", district).then().statusCode(400);
        given().auth().oauth2(Fixtures.supportToken()).contentType(ContentType.JSON)
                .body("{\"startsOn\":\"2026-08-01\",\"endsOn\":\"2026-09-01\",\"mode\":\"sometimes\"}")
                .put("/api/districts/{id}/window", district).then().statusCode(400);
        given().auth().oauth2(Fixtures.supportToken()).contentType(ContentType.JSON).body("{\"enabled\":false}")
                .put("/api/districts/{id}/window", district).then().statusCode(200).body("source", org.hamcrest.Matchers.is("none"));
        // the module's tests run without a default window (application.properties), so the reset district has none either
        given().auth().oauth2(Fixtures.supportToken()).delete("/api/districts/{id}/window", district)
                .then().statusCode(200).body("source", org.hamcrest.Matchers.is("none")).body("inside", org.hamcrest.Matchers.is(false));
    }

    private static JsonPath setWindow(String district, LocalDate from, LocalDate to, String mode) {
        return given().auth().oauth2(Fixtures.supportToken()).contentType(ContentType.JSON)
                .body("{\"startsOn\":\"%s\",\"endsOn\":\"%s\",\"mode\":\"%s\"}".formatted(from, to, mode))
                .put("/api/districts/{id}/window", district).then().statusCode(200).extract().jsonPath();
    }

    /** Every nightly run started so far has ended, so no run outlives the test. */
    private void awaitNightlyRunsEnded() {
        List<String> active = links.activeDistrictIds();
        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofMillis(500)).until(() -> active.stream().allMatch(d ->
                log.runEvents(d).stream().filter(e -> "nightly".equals(e.text("trigger")) && "started".equals(e.text("status"))).count()
                        == log.finishedRuns(d).stream().filter(e -> "nightly".equals(e.text("trigger"))).count()));
    }
}
