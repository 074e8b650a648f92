package io.rosterbridge.fetcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
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
 * The dry-run preview: it predicts the next run's changes with names, and leaves the district exactly as it was:
 * no event on any of the fetcher's topics (end offsets), no fingerprint, held removal or run row changed.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class SyncPreviewTest extends SyncTestBase {

    private static final List<String> TOPICS = List.of("roster.changes", "sync.runs", "sync-fetcher.dead-letter");

    @Inject
    DataSource dataSource;

    @Test
    void beforeTheFirstSyncEverythingIsCreatedAndTheRunThenDoesExactlyThat() {
        String district = linkedDistrict("Preview First", 120, 1901);
        State before = state(district);

        JsonPath preview = preview(district);

        assertThat(state(district)).isEqualTo(before);
        assertThat(preview.getString("outcome")).isEqualTo("completed");
        assertThat(preview.getLong("counts.district.created")).isEqualTo(1);
        long schools = preview.getLong("counts.school.created");
        long users = preview.getLong("counts.user.created");
        assertThat(schools).isEqualTo(preview.getLong("fetchedSchools")).isPositive();
        assertThat(users).isEqualTo(preview.getLong("fetchedUsers")).isPositive();
        assertThat(preview.getList("listed.created")).hasSize(100);
        assertThat(preview.getList("listed.created.name")).doesNotContainNull();

        Event run = sync(district);
        assertThat(KafkaEventLog.countsOf(run)).containsEntry("created", 1 + schools + users).containsEntry("updated", 0L)
                .containsEntry("removed", 0L).containsEntry("restored", 0L);
    }

    @Test
    void countsAndNamesOfEachKindMatchTheNextRunAndNothingMoves() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Preview Changes", 300, 1902);
        List<String> students = world.userIds(district, Role.STUDENT);
        String comesBack = students.get(0);
        String renamedA = students.get(1);
        String renamedB = students.get(2);
        String goneA = students.get(3);
        String goneB = students.get(4);
        world.renameUser(goneA, "Rory", "Leaving");
        world.renameUser(goneB, "Sasha", "Leaving");
        sync(district);
        world.unshareUser(comesBack);
        assertThat(KafkaEventLog.countsOf(sync(district))).containsEntry("removed", 1L);

        world.shareUser(comesBack);
        world.renameUser(renamedA, "Ada", "Renamed");
        world.renameUser(renamedB, "Bo", "Renamed");
        world.removeUser(goneA);
        world.removeUser(goneB);
        String school = world.schoolIds(district).get(0);
        String added = world.addUser(district, Role.STUDENT, List.of(school), "Pat", "Newcomer", null);
        State before = state(district);

        JsonPath preview = preview(district);

        assertThat(state(district)).as("fingerprints, held removals, runs and topic end offsets").isEqualTo(before);
        assertThat(preview.getString("outcome")).isEqualTo("completed");
        assertThat(preview.getMap("counts.user")).containsEntry("created", 1).containsEntry("updated", 2).containsEntry("removed", 2)
                .containsEntry("restored", 1);
        assertThat(preview.getMap("counts.school")).containsEntry("created", 0).containsEntry("updated", 0).containsEntry("removed", 0);
        assertThat(preview.getList("listed.created.id")).containsExactly(added);
        assertThat(preview.getList("listed.created.name")).containsExactly("Pat Newcomer");
        assertThat(preview.getList("listed.updated.name")).containsExactlyInAnyOrder("Ada Renamed", "Bo Renamed");
        assertThat(preview.getList("listed.removed.name")).containsExactlyInAnyOrder("Rory Leaving", "Sasha Leaving");
        assertThat(preview.getList("listed.restored.id")).containsExactly(comesBack);

        // a second preview sees the same: the first one moved nothing
        assertThat(preview(district).getMap("counts.user")).isEqualTo(preview.getMap("counts.user"));

        Event run = sync(district);
        assertThat(KafkaEventLog.countsOf(run)).containsEntry("created", 1L).containsEntry("updated", 2L).containsEntry("removed", 2L)
                .containsEntry("restored", 1L);
        assertThat(changesOf(run).stream().filter(c -> "removed".equals(c.text("changeType"))).map(c -> c.text("entityId")))
                .containsExactlyInAnyOrder(goneA, goneB);
        assertThat(preview(district).getMap("counts.user")).containsEntry("created", 0).containsEntry("updated", 0)
                .containsEntry("removed", 0).containsEntry("restored", 0);
    }

    @Test
    void aMassRemovalIsPreviewedAsHeldAndLeavesTheHeldRunUndecided() {
        SandboxWorld world = sandbox().world();
        String district = linkedDistrict("Preview Held", 400, 1903);
        sync(district);
        world.unshareUsers(world.userIds(district, Role.STUDENT).subList(0, 60)); // 60 of 400: more than 10%
        Event held = sync(district);
        assertThat(held.text("status")).isEqualTo("held");
        State before = state(district);

        JsonPath preview = preview(district);

        assertThat(state(district)).isEqualTo(before);
        assertThat(preview.getString("outcome")).isEqualTo("held");
        assertThat(preview.getString("reason")).contains("would remove");
        assertThat(preview.getLong("counts.user.removed") + preview.getLong("counts.school.removed"))
                .isEqualTo(held.value().at("/counts/removed").asLong());
    }

    @Test
    void aPreviewBesideARealRunOfTheDistrictLeavesTheRunWhole() {
        String district = linkedDistrict("Preview Beside", 300, 1904);
        int before = log.finishedRuns(district).size();
        sandbox().world().faults().setLatencyMillis(400); // both the run and the preview page through Clever slowly, side by side
        given().auth().oauth2(Fixtures.supportToken()).post("/api/districts/{id}/syncs", district).then().statusCode(202);
        JsonPath beside = preview(district);
        Event run = awaitFinishedRun(district, before);
        sandbox().world().faults().clear();

        assertThat(beside.getString("outcome")).isEqualTo("completed");
        assertThat(run.text("status")).isEqualTo("completed");
        long created = KafkaEventLog.countsOf(run).get("created");
        assertThat(created).isPositive();
        assertThat(rows("SELECT entity_id FROM roster_fingerprint WHERE district_id = ?", district)).hasSize((int) created);
        JsonPath after = preview(district);
        for (String type : List.of("district", "school", "user")) {
            assertThat(after.getMap("counts." + type)).as(type).containsEntry("created", 0).containsEntry("updated", 0)
                    .containsEntry("removed", 0).containsEntry("restored", 0);
        }
    }

    @Test
    void aDistrictThatIsNotLinkedHasNoPreviewAndSupportOnly() {
        given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/preview", "ffffffffffffffffffffffff")
                .then().statusCode(404);
        given().get("/api/districts/{id}/preview", "ffffffffffffffffffffffff").then().statusCode(401);
    }

    private static JsonPath preview(String district) {
        return given().auth().oauth2(Fixtures.supportToken()).get("/api/districts/{id}/preview", district)
                .then().statusCode(200).extract().jsonPath();
    }

    /** Everything a preview must not touch: the district's rows in every table the fetcher writes, and the topics' end offsets. */
    private record State(List<List<Object>> fingerprints, List<List<Object>> held, List<List<Object>> runs, Map<TopicPartition, Long> offsets) {
    }

    private State state(String district) {
        return new State(
                rows("SELECT entity_id, entity_type, content_hash, archived, removing, changed_at, md5(record_json) FROM roster_fingerprint "
                        + "WHERE district_id = ? ORDER BY entity_id", district),
                rows("SELECT run_id, entity_id FROM held_removal WHERE district_id = ? ORDER BY run_id, entity_id", district),
                rows("SELECT * FROM sync_run WHERE district_id = ? ORDER BY started_at", district),
                endOffsets());
    }

    private List<List<Object>> rows(String sql, String district) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, district);
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<TopicPartition, Long> endOffsets() {
        Properties props = new Properties();
        props.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        props.put("group.id", "preview-offsets-" + UUID.randomUUID());
        props.put("allow.auto.create.topics", "false"); // a topic first written by the preview must show up as a difference
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }
}
