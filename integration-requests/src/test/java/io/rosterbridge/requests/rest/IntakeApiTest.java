package io.rosterbridge.requests.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.support.KafkaTopics;
import io.rosterbridge.requests.support.TestData;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class IntakeApiTest {

    @Inject
    MockMailbox mailbox;

    @Test
    void storesARequestEmitsSubmittedAndNotifiesTheTeamAndTheContact() {
        String district = TestData.unique("Maple Unified");
        String email = "ada." + System.nanoTime() + "@maple.org";
        String statusUrl = given().header("X-Forwarded-For", TestData.address())
                .contentType(ContentType.JSON).body(TestData.intakeJson(district, email))
                .when().post("/api/requests")
                .then().statusCode(201)
                .body("state", is("submitted"))
                .extract().path("statusUrl");
        String requestId = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.<IntegrationRequest>find("districtName", district)
                .firstResult().id.toString());

        List<ConsumerRecord<String, String>> events = KafkaTopics.await(Topics.INTEGRATION_EVENTS, r -> r.key().equals(requestId), 1);
        EventContracts.assertConforms("integration-events", events.get(0).value());
        assertThat(events.get(0).value()).contains("\"state\":\"submitted\"", "\"previousState\":null", "\"actor\":\"district-contact\"");
        assertThat(events.get(0).value()).doesNotContain(email);

        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !mailbox.getMailsSentTo(email).isEmpty());
        Mail confirmation = mailbox.getMailsSentTo(email).get(0);
        assertThat(confirmation.getText()).contains(statusUrl);
        assertThat(mailbox.getMailsSentTo("customer-success@rosterbridge.io"))
                .anySatisfy(m -> assertThat(m.getSubject()).contains(district));

        given().when().get("/api/requests" + statusUrl.substring("/requests".length()))
                .then().statusCode(200)
                .body("districtName", is(district))
                .body("state", is("submitted"))
                .body("missing[0]", containsString("Connect Rosterbridge"));
        given().when().get(statusUrl).then().statusCode(200).contentType(ContentType.HTML).body(containsString(district));
    }

    @Test
    void rejectsEachInvalidFieldWithAClearMessageAndStoresNothing() {
        String district = TestData.unique("Invalid");
        assertInvalid("{\"districtName\":\"\",\"schools\":[{\"name\":\"A\"}],\"contactName\":\"Ada\",\"contactEmail\":\"a@b.org\",\"sharedRoles\":[\"students\"]}",
                "districtName", "District name is required.");
        assertInvalid("{\"districtName\":\"" + "x".repeat(201) + "\",\"schools\":[{\"name\":\"A\"}],\"contactName\":\"Ada\",\"contactEmail\":\"a@b.org\",\"sharedRoles\":[\"students\"]}",
                "districtName", "District name must be at most 200 characters.");
        assertInvalid("{\"districtName\":\"" + district + "\",\"schools\":[],\"contactName\":\"Ada\",\"contactEmail\":\"a@b.org\",\"sharedRoles\":[\"students\"]}",
                "schools", "Name at least one school.");
        assertInvalid("{\"districtName\":\"" + district + "\",\"schools\":[{\"name\":\"A\",\"cleverSchoolId\":\"xyz\"}],\"contactName\":\"Ada\",\"contactEmail\":\"a@b.org\",\"sharedRoles\":[\"students\"]}",
                "schools[0].cleverSchoolId", "School 1 Clever id must be 24 hexadecimal characters (or left empty).");
        assertInvalid("{\"districtName\":\"" + district + "\",\"schools\":[{\"name\":\"A\"}],\"contactName\":\" \",\"contactEmail\":\"a@b.org\",\"sharedRoles\":[\"students\"]}",
                "contactName", "Contact name is required.");
        assertInvalid("{\"districtName\":\"" + district + "\",\"schools\":[{\"name\":\"A\"}],\"contactName\":\"Ada\",\"contactEmail\":\"not-an-email\",\"sharedRoles\":[\"students\"]}",
                "contactEmail", "Contact email must be an email address like name@district.org.");
        assertInvalid("{\"districtName\":\"" + district + "\",\"schools\":[{\"name\":\"A\"}],\"contactName\":\"Ada\",\"contactEmail\":\"a@b.org\",\"sharedRoles\":[]}",
                "sharedRoles", "Choose at least one role you shared (students, teachers, staff, district admins).");
        assertInvalid("{\"districtName\":\"" + district + "\",\"schools\":[{\"name\":\"A\"}],\"contactName\":\"Ada\",\"contactEmail\":\"a@b.org\",\"sharedRoles\":[\"students\"],\"notes\":\"" + "n".repeat(2001) + "\"}",
                "notes", "Notes must be at most 2000 characters.");

        long stored = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.count("districtName", district));
        assertThat(stored).isZero();
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON).body("{\"districtName\": ")
                .when().post("/api/requests").then().statusCode(400)
                .body("message", containsString("not valid JSON"));
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON).body("{\"schools\": 7}")
                .when().post("/api/requests").then().statusCode(400)
                .body("errors.field", contains("schools"))
                .body("message", containsString("schools must be a list"));
    }

    @Test
    void wrongJsonTypesAreABadRequestNamingTheFieldAndStoreNothing() {
        String district = TestData.unique("Typed");
        String valid = TestData.intakeJson(district, "typed@district.org");
        assertWrongType(valid.replace("\"districtName\":\"" + district + "\"", "\"districtName\":12345"),
                "districtName", "districtName must be text (a JSON string).");
        assertWrongType(valid.replace("\"contactName\":\"Ada Admin\"", "\"contactName\":true"),
                "contactName", "contactName must be text (a JSON string).");
        assertWrongType(valid.replace("\"notes\":\"Go live before spring\"", "\"notes\":1.5"),
                "notes", "notes must be text (a JSON string).");
        assertWrongType(valid.replace("{\"name\":\"North High\"}", "{\"name\":7}"),
                "schools[0].name", "schools[0].name must be text (a JSON string).");
        assertWrongType(valid.replace("\"sharedRoles\":[\"students\",\"teachers\",\"staff\"]", "\"sharedRoles\":\"students\""),
                "sharedRoles", "sharedRoles must be a list (a JSON array).");

        long stored = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.count("districtName", district));
        assertThat(stored).isZero();
    }

    @Test
    void unknownFieldsAreABadRequestNamingTheField() {
        String district = TestData.unique("Unknown field");
        String valid = TestData.intakeJson(district, "extra@district.org");
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON)
                .body(valid.replace("{\"districtName\"", "{\"isAdmin\":true,\"districtName\""))
                .when().post("/api/requests")
                .then().statusCode(400)
                .body("errors.field", contains("isAdmin"))
                .body("message", containsString("isAdmin is not a field of this request"))
                .body("message", containsString("contactEmail"));
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON)
                .body(valid.replace("{\"name\":\"North High\"}", "{\"name\":\"North High\",\"principal\":\"Bo\"}"))
                .when().post("/api/requests")
                .then().statusCode(400)
                .body("errors.field", contains("schools[0].principal"));

        long stored = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.count("districtName", district));
        assertThat(stored).isZero();
    }

    @Test
    void theFrameworksErrorsExplainThemselves() {
        given().header("X-Forwarded-For", TestData.address()).contentType("text/plain")
                .body(TestData.intakeJson(TestData.unique("Plain"), "plain@district.org"))
                .when().post("/api/requests")
                .then().statusCode(415).contentType(ContentType.JSON)
                .body("message", containsString("text/plain"))
                .body("message", containsString("send application/json"));
        given().when().get("/api/requests")
                .then().statusCode(405).contentType(ContentType.JSON)
                .body("message", containsString("Method GET is not allowed at /api/requests"));
        given().when().get("/api/no-such-thing")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("message", is("There is nothing at /api/no-such-thing."));
    }

    @Test
    void aSecondOpenRequestForTheSameDistrictIsAConflict() {
        String district = TestData.unique("Birch County");
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON)
                .body(TestData.intakeJson(district, "one@birch.org")).when().post("/api/requests").then().statusCode(201);
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON)
                .body(TestData.intakeJson("  " + district.toUpperCase() + " ", "two@birch.org")).when().post("/api/requests")
                .then().statusCode(409)
                .body("message", containsString("already exists (state: submitted)"));
        long stored = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.count("districtNameKey",
                io.rosterbridge.requests.sharing.SchoolMatcher.normalise(district)));
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void limitsSubmissionsPerAddress() {
        String address = TestData.address();
        for (int i = 0; i < 10; i++) {
            given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body("{}")
                    .when().post("/api/requests").then().statusCode(400);
        }
        given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(TestData.intakeJson(TestData.unique("Limited"), "x@y.org"))
                .when().post("/api/requests")
                .then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("message", containsString("Too many integration requests"));
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON)
                .body(TestData.intakeJson(TestData.unique("Other address"), "x@y.org"))
                .when().post("/api/requests").then().statusCode(201);
    }

    @Test
    void refusesOversizedBodies() {
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON)
                .body("{\"notes\":\"" + "x".repeat(140_000) + "\"}")
                .when().post("/api/requests")
                .then().statusCode(413)
                .body("message", containsString("at most 131072 bytes"));
    }

    private static void assertWrongType(String body, String field, String message) {
        given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON).body(body)
                .when().post("/api/requests")
                .then().statusCode(400)
                .body("message", is("Invalid request: " + message))
                .body("errors.field", contains(field))
                .body("errors.message", contains(message));
    }

    private static ValidatableResponse assertInvalid(String body, String field, String message) {
        return given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON).body(body)
                .when().post("/api/requests")
                .then().statusCode(400)
                .body("errors", hasSize(1))
                .body("errors.field", hasItem(field))
                .body("errors.message", hasItem(message));
    }

}
