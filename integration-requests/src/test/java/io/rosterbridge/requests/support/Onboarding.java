package io.rosterbridge.requests.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** Drives a district through the first onboarding steps on the real service, the sandbox standing in for Clever. */
public final class Onboarding {

    /** A district in the sandbox and its integration request. */
    public record District(String districtId, String name, List<School> schools, String requestId, String contactEmail,
            String statusUrl) {
    }

    private Onboarding() {
    }

    public static CleverSandbox sandbox() {
        return CleverSandboxTestResource.sandbox();
    }

    /** A new sandbox district (connected, all shared), with {@code users} users (one school per ~800). */
    public static String generate(String name, int users) {
        return sandbox().world().generateDistrict(name, users, System.nanoTime());
    }

    public static List<School> schools(String districtId) {
        return sandbox().world().read(() -> List.copyOf(sandbox().world().districtData(districtId).schools().values()));
    }

    /** Submits a request naming the district's first two schools (the second by its Clever id) and one unknown school. */
    public static District submit(String districtId, String name) {
        List<School> schools = schools(districtId);
        String email = "contact." + System.nanoTime() + "@district.org";
        String body = "{\"districtName\":\"" + name + "\",\"schools\":[{\"name\":\"" + schools.get(0).name() + "\"},"
                + "{\"name\":\"Second school\",\"cleverSchoolId\":\"" + schools.get(1).id() + "\"},{\"name\":\"Ghost Academy\"}],"
                + "\"contactName\":\"Grace Contact\",\"contactEmail\":\"" + email + "\","
                + "\"sharedRoles\":[\"students\",\"teachers\",\"staff\",\"district_admins\"]}";
        String statusUrl = given().header("X-Forwarded-For", TestData.address()).contentType(ContentType.JSON).body(body)
                .when().post("/api/requests").then().statusCode(201).extract().path("statusUrl");
        String requestId = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.<IntegrationRequest>find("districtName", name)
                .firstResult().id.toString());
        return new District(districtId, name, schools, requestId, email, statusUrl);
    }

    /** Support presses "Check now": the service asks Clever and the district becomes connected and shared. */
    public static void check(District district) {
        given().auth().oauth2(Staff.support()).when().post("/api/support/integrations/" + district.requestId() + "/check")
                .then().statusCode(200);
    }

    /** Support links the district with its first two schools licensed. */
    public static void link(District district, String organisationId) {
        given().auth().oauth2(Staff.support()).contentType(ContentType.JSON)
                .body(Map.of("organisationId", organisationId,
                        "licensedSchoolIds", List.of(district.schools().get(0).id(), district.schools().get(1).id())))
                .when().put("/api/support/integrations/" + district.requestId() + "/link")
                .then().statusCode(200);
    }

    /** A fresh district, submitted, checked and linked. */
    public static District linked(String prefix) {
        String name = TestData.unique(prefix);
        District district = submit(generate(name, 1700), name);
        check(district);
        link(district, "org-" + district.districtId().substring(0, 8));
        return district;
    }
}
