package io.rosterbridge.requests.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.support.Staff;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class SupportSecurityTest {

    private static final String SOME_ID = UUID.randomUUID().toString();

    @Test
    void anonymousCallsToTheStaffApiAreUnauthorised() {
        given().when().get("/api/support/integrations").then().statusCode(401);
        given().when().post("/api/support/integrations/" + SOME_ID + "/sync").then().statusCode(401);
        given().when().put("/api/support/integrations/" + SOME_ID + "/link").then().statusCode(401);
        given().auth().oauth2("not-a-token").when().get("/api/support/integrations").then().statusCode(401);
        given().when().get("/api/support/integrations").then().statusCode(401)
                .body("message", containsString("bearer token"));
    }

    @Test
    void tokensIssuedForAnotherServiceAreUnauthorised() {
        String forTheWriter = StaffOidcTestResource.provider().accessToken("alice", "roster-writer", List.of("support"));
        given().auth().oauth2(forTheWriter).when().get("/api/support/integrations").then().statusCode(401);
        given().auth().oauth2(forTheWriter).when().post("/api/support/integrations/" + SOME_ID + "/sync").then().statusCode(401);
        String forTheFetcher = StaffOidcTestResource.provider().accessToken("alice", "sync-fetcher", List.of("support"));
        given().auth().oauth2(forTheFetcher).when().get("/api/support/integrations").then().statusCode(401);
    }

    @Test
    void staffWithoutTheSupportRoleAreForbidden() {
        String sales = Staff.token("bob", List.of("sales"));
        given().auth().oauth2(sales).when().get("/api/support/integrations").then().statusCode(403)
                .body("message", containsString("roles do not allow"));
        given().auth().oauth2(sales).when().post("/api/support/integrations/" + SOME_ID + "/sync").then().statusCode(403);

        String csm = Staff.token("carol", List.of("csm"));
        given().auth().oauth2(csm).when().get("/api/support/integrations").then().statusCode(200);
        given().auth().oauth2(csm).when().post("/api/support/integrations/" + SOME_ID + "/sync").then().statusCode(403);
        given().auth().oauth2(csm).when().post("/api/support/integrations/" + SOME_ID + "/runs/" + SOME_ID + "/approve").then().statusCode(403);
    }

    @Test
    void supportIsAllowed() {
        given().auth().oauth2(Staff.support()).when().get("/api/support/integrations").then().statusCode(200);
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + SOME_ID + "/sync")
                .then().statusCode(404).body("message", containsString(SOME_ID));
    }

    @Test
    void theConsoleSendsAnonymousBrowsersToTheStaffSignIn() {
        given().redirects().follow(false).when().get("/support")
                .then().statusCode(302)
                .header("Location", startsWith(StaffOidcTestResource.provider().issuerUrl()));
        given().redirects().follow(false).when().post("/support/integrations/" + SOME_ID + "/sync")
                .then().statusCode(302);
    }
}
