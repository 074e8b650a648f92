package io.rosterbridge.fetcher;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** The support API takes only staff tokens issued for sync-fetcher, and only with the support role. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class SupportApiSecurityTest {

    private static final String DISTRICT = "3a1b2c3d4e5f60718293a4b5";

    @ParameterizedTest
    @ValueSource(strings = { "POST /api/districts/{id}/syncs", "GET /api/districts/{id}/runs", "POST /api/runs/{id}/approve",
            "POST /api/runs/{id}/discard", "GET /api/districts/{id}/preview", "GET /api/districts/{id}/window",
            "PUT /api/districts/{id}/window", "DELETE /api/districts/{id}/window", "GET /api/back-to-school/inside", "GET /api/night" })
    void onlySupportTokensForThisServiceAreAccepted(String endpoint) {
        call(given(), endpoint).then().statusCode(401);
        call(given().auth().oauth2(token("roster-writer", List.of("support"))), endpoint).then().statusCode(401);
        call(given().auth().oauth2(token("integration-requests", List.of("support"))), endpoint).then().statusCode(401);
        call(given().auth().oauth2(token("sync-fetcher", List.of("engineering"))), endpoint).then().statusCode(403);
        call(given().auth().oauth2(token("sync-fetcher", List.of())), endpoint).then().statusCode(403);
        call(given().auth().oauth2("not-a-token"), endpoint).then().statusCode(401);
    }

    @org.junit.jupiter.api.Test
    void theConsoleServiceActsForSupportWithItsClientCredentialsTokenAndNoOtherServiceDoes() {
        var console = StaffOidcTestResource.provider().accessToken("integration-requests", "sync-fetcher", List.of());
        given().auth().oauth2(console).get("/api/districts/{id}/window", DISTRICT).then().statusCode(200);
        given().auth().oauth2(console).get("/api/night").then().statusCode(200);
        var gateway = StaffOidcTestResource.provider().accessToken("sso-gateway", "sync-fetcher", List.of());
        given().auth().oauth2(gateway).get("/api/districts/{id}/window", DISTRICT).then().statusCode(403);
    }

    private static String token(String audience, List<String> groups) {
        return StaffOidcTestResource.provider().accessToken("sam.support", audience, groups);
    }

    private static io.restassured.response.Response call(RequestSpecification request, String endpoint) {
        String[] parts = endpoint.split(" ");
        String id = parts[1].startsWith("/api/runs") ? UUID.randomUUID().toString() : DISTRICT;
        Object[] params = parts[1].contains("{id}") ? new Object[] {id} : new Object[0];
        return switch (parts[0]) {
            case "GET" -> request.get(parts[1], params);
            case "PUT" -> request.contentType("application/json").body("{\"enabled\":false}").put(parts[1], params);
            case "DELETE" -> request.delete(parts[1], params);
            default -> request.post(parts[1], params);
        };
    }
}
