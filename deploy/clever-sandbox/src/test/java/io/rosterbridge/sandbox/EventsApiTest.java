package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class EventsApiTest {

    private MutableClock clock;
    private CleverSandbox sandbox;
    private SandboxHttp http;
    private SandboxWorld world;
    private String district;
    private String token;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.now());
        sandbox = CleverSandbox.start(SandboxOptions.defaults().withClock(clock).withEventRetention(Duration.ofDays(30)));
        http = new SandboxHttp(sandbox.baseUrl());
        world = sandbox.world();
        district = sandbox.demoDistrictId();
        token = world.districtToken(district);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void recordsChangesOldestFirstWithPreviousAttributesInsideData() {
        String student = world.userIds(district, "student").get(0);
        world.renameUser(student, "Avery", "Chen-Li");
        String added = world.addUser(district, "teacher", world.schoolIds(district).subList(0, 1), "New", "Teacher",
                "new.teacher@example.org");
        world.removeUser(added);

        List<JsonObject> events = events("/v3.0/events");

        assertThat(events).extracting(e -> e.getString("type"))
                .containsExactly("users.updated", "users.created", "users.deleted");
        assertThat(events).extracting(e -> e.getString("id")).isSorted();
        JsonObject updated = events.get(0).getJsonObject("data");
        assertThat(updated.getJsonObject("object").getJsonObject("name").getString("first")).isEqualTo("Avery");
        assertThat(updated.getJsonObject("previous_attributes").getJsonObject("name").getString("first")).isEqualTo("Ava");
        assertThat(events.get(2).getJsonObject("data").getJsonObject("object").getString("id")).isEqualTo(added);
        assertThat(events.get(2).getJsonObject("data").containsKey("previous_attributes")).isFalse();
    }

    @Test
    void sharingChangesSurfaceAsCreatedAndDeleted() {
        String school = world.schoolIds(district).get(0);
        world.unshareSchool(district, school);
        List<JsonObject> unshared = events("/v3.0/events?record_type=schools");
        assertThat(unshared).extracting(e -> e.getString("type")).containsExactly("schools.deleted");
        assertThat(events("/v3.0/events?record_type=users")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getString("type")).isIn("users.deleted", "users.updated"));

        String last = events("/v3.0/events").stream().reduce((a, b) -> b).orElseThrow().getString("id");
        world.shareSchool(district, school);
        assertThat(events("/v3.0/events?record_type=schools&starting_after=" + last))
                .extracting(e -> e.getString("type")).containsExactly("schools.created");
    }

    @Test
    void bulkUnshareRecordsOneDeletionPerUserAndBulkShareBringsThemBack() {
        List<String> students = world.userIds(district, "student").subList(0, 3);

        world.unshareUsers(students);
        List<JsonObject> unshared = events("/v3.0/events?record_type=users");
        assertThat(unshared).extracting(e -> e.getString("type")).containsOnly("users.deleted");
        assertThat(unshared).extracting(e -> e.getJsonObject("data").getJsonObject("object").getString("id"))
                .containsExactlyInAnyOrderElementsOf(students);

        String last = unshared.get(unshared.size() - 1).getString("id");
        world.shareUsers(students);
        List<JsonObject> shared = events("/v3.0/events?record_type=users&starting_after=" + last);
        assertThat(shared).extracting(e -> e.getString("type")).containsOnly("users.created");
        assertThat(shared).extracting(e -> e.getJsonObject("data").getJsonObject("object").getString("id"))
                .containsExactlyInAnyOrderElementsOf(students);
    }

    @Test
    void filtersBySchoolAndPagesWithStartingAfter() {
        List<String> schools = world.schoolIds(district);
        String student = world.userIds(district, "student").stream()
                .filter(id -> world.user(id).student().schools()[0].equals(schools.get(0))).findFirst().orElseThrow();
        world.moveStudent(student, schools.get(2));
        String admin = world.userIds(district, "district_admin").get(0);
        world.renameUser(admin, "Dana", "Whitfield-Ng");

        List<JsonObject> forSchool = events("/v3.0/events?school=" + schools.get(2));
        assertThat(forSchool).isNotEmpty().anySatisfy(e -> assertThat(e.getString("type")).isEqualTo("users.updated"));
        assertThat(forSchool).extracting(e -> e.getJsonObject("data").getJsonObject("object").getString("id"))
                .contains(student).doesNotContain(admin);

        List<JsonObject> all = events("/v3.0/events");
        JsonObject firstPage = http.get("/v3.0/events?limit=1", token).json();
        String next = DataApiTest.link(firstPage, "next");
        assertThat(next).isEqualTo("/v3.0/events?limit=1&starting_after=" + all.get(0).getString("id"));
        assertThat(events(next)).extracting(e -> e.getString("id")).containsExactly(all.get(1).getString("id"));
        assertThat(events("/v3.0/events?ending_before=last&limit=1")).extracting(e -> e.getString("id"))
                .containsExactly(all.get(all.size() - 1).getString("id"));
    }

    @Test
    void dropsEventsOlderThanTheRetentionWindow() {
        String student = world.userIds(district, "student").get(0);
        world.renameUser(student, "Old", "Event");
        clock.advance(Duration.ofDays(31));
        world.renameUser(student, "New", "Event");

        List<JsonObject> events = events("/v3.0/events");

        assertThat(events).hasSize(1);
        assertThat(events.get(0).getJsonObject("data").getJsonObject("object").getJsonObject("name").getString("first"))
                .isEqualTo("New");
        assertThat(http.get("/v3.0/events/" + events.get(0).getString("id"), token).status()).isEqualTo(200);
    }

    @Test
    void newSchoolYearChurnsTermsCoursesAndSections() {
        List<String> oldSections = world.sectionIds(district);

        world.newSchoolYear(district);

        List<String> types = events("/v3.0/events?limit=1000").stream().map(e -> e.getString("type")).toList();
        assertThat(types).contains("terms.deleted", "terms.created", "courses.deleted", "courses.created",
                "sections.deleted", "sections.created", "users.updated", "users.deleted");
        assertThat(world.sectionIds(district)).doesNotContainAnyElementsOf(oldSections);
    }

    @Test
    void unknownOrExpiredCursorIs404() {
        String student = world.userIds(district, "student").get(0);
        world.renameUser(student, "Old", "Event");
        String expired = events("/v3.0/events").get(0).getString("id");
        clock.advance(Duration.ofDays(31));
        world.renameUser(student, "New", "Event");

        assertThat(http.get("/v3.0/events?starting_after=" + expired, token).status()).isEqualTo(404);
        assertThat(http.get("/v3.0/events?starting_after=ffffffffffffffffffffffff", token).status()).isEqualTo(404);
        String current = events("/v3.0/events").get(0).getString("id");
        assertThat(events("/v3.0/events?starting_after=" + current)).isEmpty();
    }

    @Test
    void limitAbove10000IsRefused() {
        assertThat(http.get("/v3.0/events?limit=10000", token).status()).isEqualTo(200);
        assertThat(http.get("/v3.0/events?limit=10001", token).status()).isEqualTo(413);
    }

    @Test
    void disabledEventsRecordNothingAndReadEmptyForTheAppAndForOneDistrict() {
        String student = world.userIds(district, "student").get(0);
        world.renameUser(student, "Before", "Off");
        world.setEventsEnabled(false);
        world.renameUser(student, "While", "AppOff");
        assertThat(events("/v3.0/events")).isEmpty();

        world.setEventsEnabled(true);
        world.setEventsEnabled(district, false);
        world.renameUser(student, "While", "DistrictOff");
        assertThat(events("/v3.0/events")).isEmpty();

        world.setEventsEnabled(district, true);
        world.renameUser(student, "After", "On");
        // what changed while events were off is never filled in: the app needs a full sync for that
        assertThat(events("/v3.0/events")).extracting(e -> e.getJsonObject("data").getJsonObject("object")
                .getJsonObject("name").getString("first")).containsExactly("Before", "After");
    }

    @Test
    void everyChangeThroughTheAdminApiIsAnEvent() {
        String school = world.schoolIds(district).get(1);
        String other = world.schoolIds(district).get(2);
        String id = post("/sandbox/districts/" + district + "/users", new JsonObject().put("role", "student")
                .put("schoolIds", new io.vertx.core.json.JsonArray().add(school)).put("first", "Kai").put("last", "Lee"))
                .json().getString("id");
        admin("PATCH", "/sandbox/users/" + id, "{\"first\":\"Kairo\"}");
        admin("PATCH", "/sandbox/users/" + id, "{\"email\":\"kairo@example.org\"}");
        post("/sandbox/users/" + id + "/move", new JsonObject().put("schoolId", other));
        post("/sandbox/users/" + id + "/unshare", new JsonObject());
        post("/sandbox/users/" + id + "/share", new JsonObject());
        admin("DELETE", "/sandbox/users/" + id, null);

        List<String> types = events("/v3.0/events?record_type=users").stream()
                .filter(e -> e.getJsonObject("data").getJsonObject("object").getString("id").equals(id))
                .map(e -> e.getString("type")).toList();
        assertThat(types).containsExactly("users.created", "users.updated", "users.updated", "users.updated",
                "users.deleted", "users.created", "users.deleted");

        post("/sandbox/districts/" + district + "/schools/" + school + "/unshare", new JsonObject());
        post("/sandbox/districts/" + district + "/roles/teacher/unshare", new JsonObject());
        List<String> later = events("/v3.0/events?limit=10000").stream().map(e -> e.getString("type")).toList();
        assertThat(later).contains("schools.deleted");
        assertThat(later.stream().filter("users.deleted"::equals).count()).isGreaterThan(2);
    }

    private SandboxHttp.Response post(String path, JsonObject body) {
        SandboxHttp.Response response = http.post(path, "application/json", body.encode(), null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    private void admin(String method, String path, String body) {
        SandboxHttp.Response response = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sandbox.baseUrl() + path))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private List<JsonObject> events(String path) {
        SandboxHttp.Response response = http.get(path, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().getJsonArray("data").stream()
                .map(item -> ((JsonObject) item).getJsonObject("data")).toList();
    }
}
