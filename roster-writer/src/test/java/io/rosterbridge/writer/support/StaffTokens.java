package io.rosterbridge.writer.support;

import static io.restassured.RestAssured.given;

import java.util.List;

import io.rosterbridge.infra.oidc.StaffIdentityProvider;
import io.rosterbridge.infra.testing.StaffOidcTestResource;

/** Tokens of the staff OIDC provider, as the read API's callers hold them. */
public final class StaffTokens {

    public static final String AUDIENCE = "roster-writer";

    private StaffTokens() {
    }

    /** What sso-gateway's oidc-client gets: the client credentials grant, scope roster-writer (so audience roster-writer). */
    public static String gateway() {
        return clientCredentials("sso-gateway", AUDIENCE);
    }

    /** A client credentials token, fetched from the provider's token endpoint as a service fetches it. */
    public static String clientCredentials(String clientId, String scope) {
        String tokenEndpoint = StaffOidcTestResource.provider().server().tokenEndpointUrl(StaffIdentityProvider.ISSUER_ID).toString();
        return given().formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", "test-only-secret").formParam("scope", scope)
                .when().post(tokenEndpoint)
                .then().statusCode(200).extract().path("access_token");
    }

    /** A signed-in member of support staff, for roster-writer. */
    public static String support() {
        return person("support-person", AUDIENCE, List.of("support"));
    }

    /** A signed-in staff person with these groups, for this audience. */
    public static String person(String subject, String audience, List<String> groups) {
        return StaffOidcTestResource.provider().accessToken(subject, audience, groups);
    }
}
