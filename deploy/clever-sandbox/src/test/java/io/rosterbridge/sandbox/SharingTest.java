package io.rosterbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** What a district shares decides what the app can read: unshared records answer 404 and vanish from lists. */
class SharingTest {

    private CleverSandbox sandbox;
    private SandboxHttp http;
    private SandboxWorld world;
    private String district;
    private String token;

    @BeforeEach
    void start() {
        sandbox = CleverSandbox.start(SandboxOptions.defaults());
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
    void unsharedSchoolHidesItsSchoolSectionsAndSingleSchoolUsers() {
        List<String> schools = world.schoolIds(district);
        String lincoln = schools.get(0);
        String lincolnStudent = world.userIds(district, "student").get(0);
        String twoSchoolLibrarian = world.userIds(district, "staff").stream()
                .filter(id -> world.user(id).staff().schools().length == 2).findFirst().orElseThrow();

        world.unshareSchool(district, lincoln);

        assertThat(http.get("/v3.0/schools/" + lincoln, token).status()).isEqualTo(404);
        assertThat(DataApiTest.ids(http.get("/v3.0/schools", token).json())).doesNotContain(lincoln).hasSize(2);
        assertThat(http.get("/v3.0/users/" + lincolnStudent, token).status()).isEqualTo(404);
        JsonObject librarian = http.get("/v3.0/users/" + twoSchoolLibrarian, token).json().getJsonObject("data");
        assertThat(librarian.getJsonObject("roles").getJsonObject("staff").getJsonArray("schools").getList())
                .containsExactly(schools.get(1));

        world.shareSchool(district, lincoln);
        assertThat(http.get("/v3.0/users/" + lincolnStudent, token).status()).isEqualTo(200);
    }

    @Test
    void unsharedRoleDisappearsFromMultiRoleUsers() {
        String teacherAndStaff = world.userIds(district, "staff").stream()
                .filter(id -> world.user(id).teacher() != null).findFirst().orElseThrow();

        world.unshareRole(district, "staff");

        assertThat(DataApiTest.ids(http.get("/v3.0/users?role=staff", token).json())).isEmpty();
        JsonObject roles = http.get("/v3.0/users/" + teacherAndStaff, token).json().getJsonObject("data").getJsonObject("roles");
        assertThat(roles.fieldNames()).containsExactly("teacher");
    }

    @Test
    void unsharedUserAnswers404AndComesBack() {
        String teacher = world.userIds(district, "teacher").get(0);

        world.unshareUser(teacher);
        assertThat(http.get("/v3.0/users/" + teacher, token).status()).isEqualTo(404);
        assertThat(DataApiTest.ids(http.get("/v3.0/users?limit=1000", token).json())).doesNotContain(teacher);

        world.shareUser(teacher);
        assertThat(http.get("/v3.0/users/" + teacher, token).status()).isEqualTo(200);
    }

    @Test
    void movedStudentChangesSchoolAndSections() {
        List<String> schools = world.schoolIds(district);
        String student = world.userIds(district, "student").get(0);

        world.moveStudent(student, schools.get(2));

        JsonObject role = http.get("/v3.0/users/" + student, token).json().getJsonObject("data").getJsonObject("roles")
                .getJsonObject("student");
        assertThat(role.getString("school")).isEqualTo(schools.get(2));
        assertThat(DataApiTest.ids(http.get("/v3.0/schools/" + schools.get(0) + "/users", token).json())).doesNotContain(student);
        assertThat(DataApiTest.ids(http.get("/v3.0/users/" + student + "/sections", token).json())).isNotEmpty()
                .allSatisfy(section -> assertThat(http.get("/v3.0/sections/" + section, token).json().getJsonObject("data")
                        .getString("school")).isEqualTo(schools.get(2)));
    }

    @Test
    void otherDistrictsTokensSeeNothingOfThisDistrict() {
        String other = world.generateDistrict("Other", 100, 9);
        String otherToken = world.districtToken(other);
        String demoUser = world.userIds(district, "student").get(0);

        assertThat(http.get("/v3.0/users/" + demoUser, otherToken).status()).isEqualTo(404);
        assertThat(http.get("/v3.0/districts/" + district, otherToken).status()).isEqualTo(404);
        assertThat(DataApiTest.ids(http.get("/v3.0/districts", otherToken).json())).containsExactly(other);
    }
}
