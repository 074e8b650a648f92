package io.rosterbridge.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.ScheduleFireRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunResult;
import io.rosterbridge.fetcher.service.NightlySync;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** GET /api/night: the latest fire's districts in each state, the counts and the expected end, in the console's shape. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class NightApiTest {

    @Inject
    DataSource db;

    @Inject
    ScheduleFireRepository fires;

    @Inject
    SyncRunRepository runs;

    @Inject
    DistrictWorkRepository work;

    private final Map<String, String> districts = new HashMap<>();

    @AfterEach
    void forgetTheNight() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM district_work WHERE district_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", districts.values().toArray()));
            ps.executeUpdate();
        }
    }

    @Test
    void showsEachDistrictsStateTonightWithCountsLastRunsAndTheExpectedEnd() throws SQLException {
        // a fire of its own (the other tests' fires are for other minutes), taken now
        Instant fire = Instant.parse("2033-01-05T04:00:00Z").plusSeconds(60L * ThreadLocalRandom.current().nextInt(100_000));
        assertThat(fires.claim(NightlySync.JOB, fire)).isTrue();
        Instant now = Instant.now();
        for (String state : List.of("queued", "running", "completed", "failed", "held", "skipped", "yesterday")) {
            districts.put(state, randomDistrictId());
        }
        // queued (waiting out a back-off, so no worker of this app takes it) and running on another replica
        sql("INSERT INTO district_work (district_id, trigger, queued_at, not_before, expected_users) "
                + "VALUES (?, 'nightly', now(), now() + interval '1 hour', 1000)", districts.get("queued"));
        sql("INSERT INTO district_work (district_id, running_trigger, owner, lease_until, queued_at, started_at, expected_users) "
                + "VALUES (?, 'nightly', 'other-replica', now() + interval '1 hour', now(), now(), 2000)", districts.get("running"));
        UUID running = run(districts.get("running"), now, null, 0);
        // finished tonight; the completed one also ran last night, which is not tonight's run
        UUID lastNight = run(districts.get("completed"), now.minusSeconds(86_400), RunStatus.COMPLETED, 2900);
        UUID completed = run(districts.get("completed"), now.plusMillis(1), RunStatus.COMPLETED, 3000);
        UUID failed = run(districts.get("failed"), now.plusMillis(1), RunStatus.FAILED, 0);
        UUID held = run(districts.get("held"), now.plusMillis(1), RunStatus.HELD, 100);
        work.markSkipped(districts.get("skipped"), fire);
        run(districts.get("yesterday"), now.minusSeconds(86_400), RunStatus.COMPLETED, 10); // not part of tonight

        JsonPath night = given().auth().oauth2(Fixtures.supportToken()).get("/api/night").then().statusCode(200).extract().jsonPath();

        assertThat(night.getString("night")).isEqualTo(LocalDate.ofInstant(fire, ZoneId.of("America/New_York")).toString());
        assertThat(night.getString("firedAt")).isEqualTo(fire.toString());
        assertThat(night.getMap("counts")).containsExactlyInAnyOrderEntriesOf(
                Map.of("queued", 1, "running", 1, "completed", 1, "failed", 1, "held", 1, "skipped", 1));
        assertThat(Instant.parse(night.getString("expectedEndAt"))).isAfter(now);
        List<Map<String, Object>> listed = night.getList("districts");
        assertThat(listed).extracting(d -> d.get("districtId")).containsExactlyInAnyOrderElementsOf(
                districts.entrySet().stream().filter(e -> !e.getKey().equals("yesterday")).map(Map.Entry::getValue).toList());
        assertThat(listed.get(0).keySet()).containsExactlyInAnyOrder("districtId", "state", "queuedAt", "startedAt", "finishedAt", "runId",
                "expectedUsers", "lastRun");
        for (Map<String, Object> d : listed) {
            String state = districts.entrySet().stream().filter(e -> e.getValue().equals(d.get("districtId"))).findFirst().orElseThrow().getKey();
            assertThat(d.get("state")).as(state).isEqualTo(state);
        }
        Map<String, Object> queued = district(listed, "queued");
        assertThat(queued.get("expectedUsers")).isEqualTo(1000);
        assertThat(queued.get("runId")).isNull();
        assertThat(queued.get("queuedAt")).isNotNull();
        assertThat(district(listed, "running").get("runId")).isEqualTo(running.toString());
        assertThat(district(listed, "running").get("startedAt")).isNotNull();
        Map<String, Object> done = district(listed, "completed");
        assertThat(done.get("runId")).isEqualTo(completed.toString());
        assertThat(done.get("finishedAt")).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> lastRun = (Map<String, Object>) done.get("lastRun");
        assertThat(lastRun).containsEntry("runId", completed.toString()).containsEntry("status", "completed")
                .containsEntry("created", 3000).containsEntry("updated", 2).containsEntry("archived", 1).containsKey("finishedAt");
        assertThat(lastNight).isNotEqualTo(completed);
        assertThat(district(listed, "failed").get("runId")).isEqualTo(failed.toString());
        assertThat(district(listed, "held").get("runId")).isEqualTo(held.toString());
        Map<String, Object> skipped = district(listed, "skipped");
        assertThat(skipped.get("runId")).isNull();
        assertThat(skipped.get("lastRun")).isNull();
    }

    private Map<String, Object> district(List<Map<String, Object>> listed, String state) {
        return listed.stream().filter(d -> d.get("districtId").equals(districts.get(state))).findFirst().orElseThrow();
    }

    /** A run of the district started at {@code startedAt}, finished with {@code status} (null: still running). */
    private UUID run(String districtId, Instant startedAt, RunStatus status, long users) {
        UUID runId = UUID.randomUUID();
        runs.start(runId, districtId, "nightly", null, null, startedAt);
        if (status != null) {
            runs.finish(runId, new RunResult(status, startedAt.plusSeconds(5), 1, users, users, 2, 1, 0, 0, null));
        }
        return runId;
    }

    private void sql(String sql, String districtId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, districtId);
            ps.executeUpdate();
        }
    }

    private static String randomDistrictId() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            id.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return id.toString();
    }
}
