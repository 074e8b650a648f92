package io.rosterbridge.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.fetcher.support.Fixtures;
import io.rosterbridge.fetcher.support.KafkaEventLog;
import io.rosterbridge.fetcher.support.KafkaEventLog.Event;
import io.rosterbridge.fetcher.support.SyncTestBase;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** Syncs against the Clever sandbox through the real broker and database: what is emitted, and when nothing is. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class SyncRunTest extends SyncTestBase {

    @Inject
    DataSource dataSource;

    @Test
    void firstSyncOfTheDemoDistrictEmitsEveryRecordOnceAndAnUnchangedResyncEmitsNothing() {
        SandboxWorld world = sandbox().world();
        String demo = sandbox().demoDistrictId();
        List<String> schools = world.schoolIds(demo);
        Fixtures.link(links, demo, "active", schools);
        Set<String> users = new HashSet<>();
        for (String role : List.of("student", "teacher", "staff", "district_admin")) {
            users.addAll(world.userIds(demo, role));
        }

        Event first = sync(demo);
        assertThat(first.text("status")).isEqualTo("completed");
        List<Event> changes = changesOf(first);
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.key()).isEqualTo(demo);
            assertThat(c.text("changeType")).isEqualTo("created");
        });
        assertThat(changes).extracting(c -> c.text("entityId")).doesNotHaveDuplicates();
        assertThat(ids(changes, "district")).containsExactly(demo);
        assertThat(ids(changes, "school")).containsExactlyInAnyOrderElementsOf(schools);
        assertThat(ids(changes, "user")).containsExactlyInAnyOrderElementsOf(users);
        // multi-role users arrive once, whole
        assertThat(changes).filteredOn(c -> "user".equals(c.text("entityType")))
                .anySatisfy(c -> assertThat(c.value().at("/record/roles").size()).isGreaterThan(1));
        assertThat(KafkaEventLog.countsOf(markerOf(first))).containsEntry("created", (long) changes.size())
                .containsEntry("updated", 0L).containsEntry("removed", 0L);
        List<Event> runMessages = log.rosterMessages(demo, first.text("runId"));
        assertThat(runMessages.get(runMessages.size() - 1).text("type")).isEqualTo("roster.run-completed");
        assertThat(log.runEvents(demo)).extracting(e -> e.text("status")).startsWith("started").contains("progress", "completed");
        assertThat(first.value().at("/fetched/users").asLong()).isEqualTo(users.size());

        Event resync = sync(demo);
        assertThat(resync.text("status")).isEqualTo("completed");
        assertThat(changesOf(resync)).isEmpty();
        assertThat(KafkaEventLog.countsOf(markerOf(resync))).containsEntry("created", 0L).containsEntry("updated", 0L)
                .containsEntry("removed", 0L).containsEntry("restored", 0L);
    }

    @Test
    void addUpdateUnshareAndReshareOfUsers() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Users Change", 120, 11);
        sync(district);
        String school = world.schoolIds(district).get(0);

        String added = world.addUser(district, "teacher", List.of(school), "Grace", "Hopper", "grace@example.org");
        Event addRun = sync(district);
        assertThat(changesOf(addRun)).singleElement().satisfies(c -> {
            assertThat(c.text("changeType")).isEqualTo("created");
            assertThat(c.text("entityId")).isEqualTo(added);
            assertThat(c.value().at("/record/email").asText()).isEqualTo("grace@example.org");
            assertThat(c.value().at("/record/roles/0/role").asText()).isEqualTo("teacher");
        });

        world.renameUser(added, "Grace", "Murray");
        Event renameRun = sync(district);
        assertThat(changesOf(renameRun)).singleElement().satisfies(c -> {
            assertThat(c.text("changeType")).isEqualTo("updated");
            assertThat(c.value().at("/record/name/last").asText()).isEqualTo("Murray");
        });

        world.unshareUser(added);
        Event unshareRun = sync(district);
        assertThat(unshareRun.text("status")).isEqualTo("completed");
        assertThat(changesOf(unshareRun)).singleElement().satisfies(c -> {
            assertThat(c.text("changeType")).isEqualTo("removed");
            assertThat(c.text("entityId")).isEqualTo(added);
            assertThat(c.value().at("/record/name/last").asText()).as("as last seen").isEqualTo("Murray");
        });

        world.shareUser(added);
        Event reshareRun = sync(district);
        assertThat(changesOf(reshareRun)).singleElement().satisfies(c -> {
            assertThat(c.text("changeType")).isEqualTo("restored");
            assertThat(c.text("entityId")).isEqualTo(added);
        });
        assertThat(KafkaEventLog.countsOf(markerOf(reshareRun))).containsEntry("restored", 1L);
    }

    @Test
    void aSchoolThatIsNotLicensedIsIgnoredAndUsersKeepOnlyLicensedSchools() {
        SandboxWorld world = sandbox().world();
        String district = world.generateDistrict("Partly Licensed", 1700, 21);
        List<String> schools = world.schoolIds(district);
        assertThat(schools).hasSizeGreaterThan(1);
        String unlicensed = schools.get(schools.size() - 1);
        List<String> licensed = schools.subList(0, schools.size() - 1);
        Fixtures.link(links, district, "active", licensed);

        Event run = sync(district);
        List<Event> changes = changesOf(run);
        assertThat(ids(changes, "school")).containsExactlyInAnyOrderElementsOf(licensed).doesNotContain(unlicensed);
        assertThat(changes).filteredOn(c -> "user".equals(c.text("entityType"))).isNotEmpty().allSatisfy(c -> {
            List<String> userSchools = texts(c.value().at("/record/schoolIds"));
            assertThat(userSchools).doesNotContain(unlicensed);
            c.value().at("/record/roles").forEach(role -> assertThat(texts(role.get("schoolIds"))).doesNotContain(unlicensed));
        });
        Set<String> emittedUsers = ids(changes, "user");
        Set<String> onlyUnlicensed = world.userIds(district, "student").stream()
                .filter(id -> new HashSet<>(List.of(world.user(id).schoolsOf(Role.STUDENT))).equals(Set.of(unlicensed)))
                .collect(Collectors.toSet());
        assertThat(onlyUnlicensed).isNotEmpty();
        assertThat(emittedUsers).doesNotContainAnyElementsOf(onlyUnlicensed);
    }

    @Test
    void aRotatedDistrictTokenIsFetchedAgain() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Rotated", 60, 35);
        String oldToken = world.districtToken(district);
        assertThat(sync(district).text("status")).isEqualTo("completed");
        world.disconnect(district);
        String newToken = world.connect(district); // the district re-authorises the app: a new token, the old one is refused
        assertThat(newToken).isNotEqualTo(oldToken);
        Event run = sync(district);
        assertThat(run.text("status")).isEqualTo("completed");
        assertThat(changesOf(run)).isEmpty();
    }

    @Test
    void rateLimitAndServerErrorStormsAreRiddenOut() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Stormy", 300, 31);
        world.faults().setRate429(0.4).setRate5xx(0.3);
        Event run = sync(district);
        world.faults().clear();
        assertThat(run.text("status")).isEqualTo("completed");
        assertThat(ids(changesOf(run), "user")).hasSize((int) run.value().at("/fetched/users").asLong()).isNotEmpty();
    }

    @Test
    void aTruncatedPageFailsTheRunAndRemovesNobody() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Truncated", 200, 41);
        sync(district);
        String gone = world.userIds(district, "student").get(0);
        world.unshareUser(gone);

        world.faults().truncateNextPages(5);
        Event failed = sync(district);
        world.faults().clear();
        assertThat(failed.text("status")).isEqualTo("failed");
        assertThat(failed.text("reason")).contains("truncated");
        assertThat(changesOf(failed)).noneMatch(c -> "removed".equals(c.text("changeType")));
        assertThat(log.rosterMessages(district, failed.text("runId"))).noneMatch(e -> "roster.run-completed".equals(e.text("type")));

        Event next = sync(district);
        assertThat(next.text("status")).isEqualTo("completed");
        assertThat(changesOf(next)).singleElement().satisfies(c -> {
            assertThat(c.text("changeType")).isEqualTo("removed");
            assertThat(c.text("entityId")).isEqualTo(gone);
        });
    }

    @Test
    void aRemovalAcknowledgedJustBeforeACrashIsUndoneWhenTheUserComesBack() throws SQLException {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Crash After Removal", 80, 51);
        sync(district);
        String leaving = world.userIds(district, "student").get(0);
        world.unshareUser(leaving);

        // Kafka acknowledges the removal, then the fetcher dies before it records it: here, archiving fails.
        Event failed;
        execute("CREATE FUNCTION refuse_archive() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'crash'; END $$");
        execute("CREATE TRIGGER refuse_archive BEFORE UPDATE ON roster_fingerprint FOR EACH ROW "
                + "WHEN (NEW.archived AND NOT OLD.archived) EXECUTE FUNCTION refuse_archive()");
        try {
            failed = sync(district);
        } finally {
            execute("DROP TRIGGER refuse_archive ON roster_fingerprint");
            execute("DROP FUNCTION refuse_archive()");
        }
        Event crashed = failed;
        assertThat(crashed.text("status")).isEqualTo("failed");
        // the removal was acknowledged before the run failed; the test's consumer may read sync.runs first
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(changesOf(crashed)).singleElement().satisfies(c -> {
            assertThat(c.text("changeType")).isEqualTo("removed");
            assertThat(c.text("entityId")).isEqualTo(leaving);
        }));

        // The user is back in Clever before the next run: the roster archived them, so the run must restore them.
        world.shareUser(leaving);
        Event next = sync(district);
        assertThat(next.text("status")).isEqualTo("completed");
        assertThat(changesOf(next)).singleElement().satisfies(c -> {
            assertThat(c.text("changeType")).isIn("restored", "created");
            assertThat(c.text("entityId")).isEqualTo(leaving);
        });
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Set<String> ids(List<Event> changes, String entityType) {
        return changes.stream().filter(c -> entityType.equals(c.text("entityType"))).map(c -> c.text("entityId")).collect(Collectors.toSet());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
