package io.rosterbridge.writer;

import static io.restassured.RestAssured.given;
import static io.rosterbridge.writer.support.RosterEvents.change;
import static io.rosterbridge.writer.support.RosterEvents.newId;
import static io.rosterbridge.writer.support.RosterEvents.role;
import static io.rosterbridge.writer.support.RosterEvents.runCompleted;
import static io.rosterbridge.writer.support.RosterEvents.school;
import static io.rosterbridge.writer.support.RosterEvents.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

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

/** Support's person search across districts and the person view with its last sync run. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "roster_writer"))
@WithTestResource(StaffOidcTestResource.class)
class PersonSearchTest {

    @Inject
    RosterApplier applier;

    @Inject
    RosterMessageParser parser;

    /** Surnames unique to one test: the database is shared by the test classes. */
    private static String surname() {
        return "Zq" + newId().substring(0, 10);
    }

    @Test
    void findsByNamePrefixEmailCleverIdAndSisIdAcrossDistricts() throws Exception {
        String last = surname();
        String districtA = newId();
        String districtB = newId();
        String ava = newId();
        String ben = newId();
        ObjectNode avaRecord = user(districtA, ava, "Ava", last, role("student", List.of(newId())));
        ((ObjectNode) avaRecord.get("roles").get(0)).put("sisId", "SIS-" + last);
        avaRecord.put("email", "ava." + last.toLowerCase() + "@example.org");
        apply(districtA, change(UUID.randomUUID(), "created", avaRecord, Instant.now()));
        apply(districtB, change(UUID.randomUUID(), "created", user(districtB, ben, "Ben", last, role("teacher", List.of(newId()))), Instant.now()));

        assertThat(search(last.toLowerCase().substring(0, 8)).getList("data.id")).containsExactlyInAnyOrder(ava, ben);
        assertThat(search(last.toUpperCase()).getList("data.id")).containsExactlyInAnyOrder(ava, ben);
        assertThat(search("Ava " + last).getList("data.id")).containsExactly(ava);
        assertThat(search(last + ", Ava").getList("data.id")).containsExactly(ava);
        assertThat(search("AVA." + last + "@EXAMPLE").getList("data.id")).containsExactly(ava);
        assertThat(search(ben).getList("data.id")).containsExactly(ben);
        assertThat(search("SIS-" + last).getList("data.id")).containsExactly(ava);
        // A SIS id matches exactly, not as a prefix; LIKE's wildcards are literal.
        assertThat(search("SIS-" + last.substring(0, 6)).getList("data.id")).isEmpty();
        assertThat(search(last.substring(0, 4) + "%").getList("data.id")).isEmpty();
        assertThat(search(last, "district", districtB).getList("data.id")).containsExactly(ben);
        JsonPath found = search("Ava " + last);
        assertThat(found.getString("data[0].districtId")).isEqualTo(districtA);
        assertThat(found.getBoolean("data[0].active")).isTrue();
        assertThat(found.getString("data[0].roles[0].role")).isEqualTo("student");
    }

    @Test
    void pagesInNameOrder() throws Exception {
        String last = surname();
        String district = newId();
        UUID run = UUID.randomUUID();
        List<RosterMessage> changes = new ArrayList<>();
        for (String first : List.of("Cy", "Al", "Bo")) {
            changes.add(parser.parse(district, change(run, "created", user(district, newId(), first, last, role("student", List.of())), Instant.now())));
        }
        applier.apply(Prepared.all(changes));

        JsonPath first = search(last, "limit", 2);
        assertThat(first.getList("data.name.first")).containsExactly("Al", "Bo");
        assertThat(first.getInt("nextOffset")).isEqualTo(2);
        JsonPath second = search(last, "limit", 2, "offset", 2);
        assertThat(second.getList("data.name.first")).containsExactly("Cy");
        assertThat(second.getString("nextOffset")).isNull();
    }

    @Test
    void thePersonShowsSchoolsArchiveTimeAndTheRunThatArchivedThem() throws Exception {
        String district = newId();
        String schoolId = newId();
        String userId = newId();
        UUID created = UUID.randomUUID();
        apply(district, change(created, "created", school(district, schoolId, "Lincoln Elementary"), Instant.now()));
        ObjectNode record = user(district, userId, "Ava", surname(), role("student", List.of(schoolId)));
        apply(district, change(created, "created", record, Instant.now()));
        JsonPath active = person(userId);
        assertThat(active.getBoolean("active")).isTrue();
        assertThat(active.getString("archivedAt")).isNull();
        assertThat(active.getString("lastRun.runId")).isEqualTo(created.toString());
        assertThat(active.getList("schools.name")).containsExactly("Lincoln Elementary");

        UUID removal = UUID.randomUUID();
        Instant removedAt = Instant.parse("2030-06-30T12:00:00Z");
        apply(district, change(removal, "removed", record, removedAt));
        apply(district, runCompleted(removal, district, 0, 0, 1, 0));
        JsonPath archived = person(userId);
        assertThat(archived.getBoolean("active")).isFalse();
        assertThat(Instant.parse(archived.getString("archivedAt"))).isEqualTo(removedAt);
        assertThat(archived.getString("lastRun.runId")).isEqualTo(removal.toString());
        assertThat(archived.getString("lastRun.completedAt")).isNotNull();

        // The same content sent again by a later run changes nothing, so the archiving run stays the last one.
        apply(district, change(UUID.randomUUID(), "removed", record, removedAt.plusSeconds(60)));
        assertThat(person(userId).getString("lastRun.runId")).isEqualTo(removal.toString());
    }

    @Test
    void badInputIs400UnknownIs404AndOnlyReadersMaySearch() {
        String token = StaffTokens.support();
        given().auth().oauth2(token).when().get("/api/people").then().statusCode(400).body("message", containsString("q is required"));
        given().auth().oauth2(token).when().get("/api/people?q=a").then().statusCode(400).body("message", containsString("at least 2"));
        given().auth().oauth2(token).when().get("/api/people?q=" + "x".repeat(201)).then().statusCode(400).body("message", containsString("at most 200"));
        given().auth().oauth2(token).when().get("/api/people?q=ava&limit=0").then().statusCode(400).body("message", containsString("limit"));
        given().auth().oauth2(token).when().get("/api/people?q=ava&limit=x").then().statusCode(400).body("message", containsString("limit must be a number"));
        given().auth().oauth2(token).when().get("/api/people?q=ava&offset=5000").then().statusCode(400).body("message", containsString("offset"));
        given().auth().oauth2(token).when().get("/api/people?q=ava&district=nope").then().statusCode(400).body("message", containsString("district"));
        given().auth().oauth2(token).when().get("/api/people/nope").then().statusCode(400);
        given().auth().oauth2(token).when().get("/api/people/" + newId()).then().statusCode(404).body("message", containsString("No user"));
        given().when().get("/api/people?q=ava").then().statusCode(401);
        given().auth().oauth2(StaffTokens.person("teacher-person", StaffTokens.AUDIENCE, List.of())).when()
                .get("/api/people?q=ava").then().statusCode(403);
    }

    private void apply(String district, String json) throws Exception {
        applier.apply(Prepared.all(List.of(parser.parse(district, json))));
    }

    /** Searches as support; {@code more} are further query parameters as name, value pairs. */
    @Test
    void oneWordListsLastNameMatchesFirstThenFirstNameMatchesAndPagesAcrossBoth() throws Exception {
        String word = surname();
        String district = newId();
        UUID run = UUID.randomUUID();
        List<RosterMessage> changes = new ArrayList<>();
        for (String[] name : List.of(new String[] {word + "c", "Young"}, new String[] {"Zed", word + "b"},
                new String[] {word + "a", "Zulu"}, new String[] {"Amy", word + "a"})) {
            changes.add(parser.parse(district, change(run, "created", user(district, newId(), name[0], name[1], role("student", List.of())), Instant.now())));
        }
        applier.apply(Prepared.all(changes));

        JsonPath first = search(word.toLowerCase(), "limit", 3);
        assertThat(first.getList("data.name.first")).containsExactly("Amy", "Zed", word + "a");
        assertThat(first.getInt("nextOffset")).isEqualTo(3);
        JsonPath second = search(word, "limit", 3, "offset", 3);
        assertThat(second.getList("data.name.first")).containsExactly(word + "c");
        assertThat(second.getString("nextOffset")).isNull();
    }

    private static JsonPath search(String query, Object... more) {
        var request = given().auth().oauth2(StaffTokens.support()).queryParam("q", query);
        for (int i = 0; i < more.length; i += 2) {
            request = request.queryParam((String) more[i], more[i + 1]);
        }
        return JsonPath.from(request.when().get("/api/people").then().statusCode(200).extract().asString());
    }

    private static JsonPath person(String userId) {
        return JsonPath.from(given().auth().oauth2(StaffTokens.support()).when().get("/api/people/" + userId)
                .then().statusCode(200).extract().asString());
    }
}
