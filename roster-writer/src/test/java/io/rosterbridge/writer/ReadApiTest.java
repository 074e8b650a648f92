package io.rosterbridge.writer;

import static io.restassured.RestAssured.given;
import static io.rosterbridge.writer.support.RosterEvents.change;
import static io.rosterbridge.writer.support.RosterEvents.newId;
import static io.rosterbridge.writer.support.RosterEvents.role;
import static io.rosterbridge.writer.support.RosterEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.writer.change.RosterMessageParser;
import io.rosterbridge.writer.service.Prepared;
import io.rosterbridge.writer.service.RosterApplier;
import io.rosterbridge.writer.support.StaffTokens;

/** The read API: authentication, paging, filters, errors, and the stored shape of a user. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "roster_writer"))
@WithTestResource(StaffOidcTestResource.class)
class ReadApiTest {

    @Inject
    RosterApplier applier;

    @Inject
    RosterMessageParser parser;

    @Test
    void anonymousAndForgedCallersGet401() {
        given().when().get("/api/users/" + newId()).then().statusCode(401);
        given().when().get("/api/districts/" + newId() + "/users").then().statusCode(401);
        given().auth().oauth2("not.a.token").when().get("/api/districts/" + newId() + "/counts").then().statusCode(401);
    }

    @Test
    void onlySupportAndThePlatformsServicesReadAndOnlyWithATokenForRosterWriter() {
        String users = "/api/districts/" + newId() + "/users";
        String user = "/api/users/" + newId();
        // Issued for another service: not a token for the roster at all.
        assertStatus(StaffTokens.person("support-person", "integration-requests", List.of("support")), users, 401);
        assertStatus(StaffTokens.clientCredentials("sso-gateway", "integration-requests"), users, 401);
        // For roster-writer, but neither support nor a platform service.
        assertStatus(StaffTokens.person("teacher-person", StaffTokens.AUDIENCE, List.of()), users, 403);
        assertStatus(StaffTokens.person("csm-person", StaffTokens.AUDIENCE, List.of("csm")), user, 403);
        assertStatus(StaffTokens.clientCredentials("sync-fetcher", StaffTokens.AUDIENCE), users, 403);
        // integration-requests reads for the support console's person pages.
        assertStatus(StaffTokens.clientCredentials("integration-requests", StaffTokens.AUDIENCE), users, 200);
        // The gateway's service identity and support staff.
        assertStatus(StaffTokens.gateway(), users, 200);
        assertStatus(StaffTokens.support(), users, 200);
        assertStatus(StaffTokens.gateway(), user, 404);
        assertStatus(StaffTokens.support(), user, 404);
    }

    private static void assertStatus(String token, String path, int status) {
        given().auth().oauth2(token).when().get(path).then().statusCode(status);
    }

    @Test
    void pagesThroughADistrictInIdOrder() throws Exception {
        String district = newId();
        String school = newId();
        UUID run = UUID.randomUUID();
        List<RosterMessage> changes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = newId();
            ids.add(id);
            changes.add(parser.parse(district, change(run, "created", user(district, id, "U" + i, "L", role("student", List.of(school))), Instant.now())));
        }
        applier.apply(Prepared.all(changes));
        List<String> sorted = ids.stream().sorted().toList();

        JsonPath first = get("/api/districts/" + district + "/users?limit=2");
        assertThat(first.getList("data.id")).isEqualTo(sorted.subList(0, 2));
        assertThat(first.getString("next")).isEqualTo(sorted.get(1));
        JsonPath second = get("/api/districts/" + district + "/users?limit=2&after=" + first.getString("next"));
        assertThat(second.getList("data.id")).isEqualTo(sorted.subList(2, 4));
        JsonPath last = get("/api/districts/" + district + "/users?limit=2&after=" + second.getString("next"));
        assertThat(last.getList("data.id")).isEqualTo(sorted.subList(4, 5));
        assertThat(last.getString("next")).isNull();
    }

    @Test
    void returnsTheUserAsStoredWithEveryField() throws Exception {
        String district = newId();
        String school = newId();
        String userId = newId();
        var record = user(district, userId, "Zoë\t\"Q\"", "O'Brien\\Smith", role("teacher", List.of(school)));
        ((ObjectNode) record.get("name")).put("middle", "Line\nBreak");
        applier.apply(Prepared.all(List.of(parser.parse(district, change(UUID.randomUUID(), "created", record, Instant.now())))));

        JsonPath user = get("/api/users/" + userId);
        assertThat(user.getString("id")).isEqualTo(userId);
        assertThat(user.getString("districtId")).isEqualTo(district);
        assertThat(user.getString("name.first")).isEqualTo("Zoë\t\"Q\"");
        assertThat(user.getString("name.middle")).isEqualTo("Line\nBreak");
        assertThat(user.getString("name.last")).isEqualTo("O'Brien\\Smith");
        assertThat(user.getString("email")).isEqualTo("zoë\t\"q\"@example.org");
        assertThat(user.getString("roles[0].role")).isEqualTo("teacher");
        assertThat(user.getList("roles[0].schoolIds")).containsExactly(school);
        assertThat(user.getString("roles[0].primarySchoolId")).isEqualTo(school);
        assertThat(user.getString("roles[0].sisId")).isEqualTo("sis-teacher");
        assertThat(user.getMap("roles[0].attributes")).containsEntry("grade", null);
        assertThat(user.getList("schoolIds")).containsExactly(school);
        assertThat(user.getString("updatedAt")).isNotBlank();
    }

    @Test
    void badInputIs400AndUnknownUserIs404WithAMessage() {
        String district = newId();
        given().auth().oauth2(StaffTokens.gateway()).when().get("/api/users/" + newId())
                .then().statusCode(404).body("message", containsString("No user"));
        given().auth().oauth2(StaffTokens.gateway()).when().get("/api/users/XYZ")
                .then().statusCode(400).body("message", containsString("userId must be a Clever id"));
        given().auth().oauth2(StaffTokens.gateway()).when().get("/api/districts/" + district + "/users?limit=0")
                .then().statusCode(400).body("message", containsString("limit"));
        given().auth().oauth2(StaffTokens.gateway()).when().get("/api/districts/" + district + "/users?active=yes")
                .then().statusCode(400).body("message", is("active must be true or false"));
        given().auth().oauth2(StaffTokens.gateway()).when().get("/api/districts/" + district + "/users?school=nope")
                .then().statusCode(400).body("message", containsString("school"));
        given().auth().oauth2(StaffTokens.gateway()).when().get("/api/districts/" + district + "/users")
                .then().statusCode(200).body("data.size()", is(0)).body("next", is((Object) null));
    }

    @Test
    void openApiDocumentsTheEndpointsAndTheirSecurity() {
        String doc = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        JsonPath openapi = JsonPath.from(doc);
        assertThat(openapi.getMap("paths")).containsKeys("/api/users/{userId}", "/api/districts/{districtId}/users",
                "/api/districts/{districtId}/schools", "/api/districts/{districtId}/counts");
        assertThat(openapi.getList("paths.'/api/users/{userId}'.get.security")).isNotEmpty();
        assertThat(openapi.getMap("components.securitySchemes")).containsKey("staff-oidc");
    }

    private static JsonPath get(String path) {
        return JsonPath.from(given().auth().oauth2(StaffTokens.gateway()).when().get(path)
                .then().statusCode(200).extract().asString());
    }
}
