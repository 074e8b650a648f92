package io.rosterbridge.requests.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.infra.oidc.StaffIdentityProvider;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.Staff;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * The console's forms with a real staff session (the authorization code flow through the staff OIDC provider,
 * cookies kept like a browser keeps them): a state-changing post counts only with the page's CSRF token.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class SupportConsoleCsrfTest {

    private static final Pattern TOKEN = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    @TestHTTPResource("/")
    URL base;

    private HttpClient browser;

    @BeforeEach
    void browser() {
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Test
    void aConsolePostCountsOnlyWithThePagesCsrfToken() throws Exception {
        Onboarding.District district = Onboarding.linked("Csrf USD");
        String page = signIn("sam", List.of("support"), "support/integrations/" + district.requestId()).body();
        Matcher token = TOKEN.matcher(page);
        assertThat(token.find()).as("the district page's forms carry a CSRF token").isTrue();
        String pause = "support/integrations/" + district.requestId() + "/pause";

        HttpResponse<String> noToken = post(pause, "application/x-www-form-urlencoded", "");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("This form has expired", "nothing was done");
        HttpResponse<String> wrongToken = post(pause, "application/x-www-form-urlencoded", "csrf-token=AAAAAAAAAAAAAAAAAAAAAA");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> noBody = browser.send(HttpRequest.newBuilder(url(pause)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noBody.statusCode()).isEqualTo(415);
        assertThat(noBody.body()).contains("accepts only its own forms");
        HttpResponse<String> json = post(pause, "application/json", "{}");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(state(district)).isEqualTo("linked");

        HttpResponse<String> withToken = post(pause, "application/x-www-form-urlencoded", "csrf-token=" + token.group(1));
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.uri().toString()).endsWith("?notice=paused");
        assertThat(state(district)).isEqualTo("paused");
    }

    @Test
    void staffWithoutTheSupportRoleGetAPageThatSaysSo() throws Exception {
        HttpResponse<String> page = signIn("bob", List.of("sales"), "support");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("support role");
    }

    /** Opens a console page as a browser would: redirected to the provider, signed in, sent back with a session. */
    private HttpResponse<String> signIn(String user, List<String> groups, String path) throws IOException, InterruptedException {
        StaffOidcTestResource.provider().server().enqueueCallback(new DefaultOAuth2TokenCallback(StaffIdentityProvider.ISSUER_ID,
                user, "JWT", List.of("integration-requests"), Map.of("groups", groups, "preferred_username", user), 3600));
        return browser.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(url(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + "/" + path);
    }

    private static String state(Onboarding.District district) {
        return given().auth().oauth2(Staff.support()).when().get("/api/support/integrations/" + district.requestId())
                .then().statusCode(200).extract().path("state");
    }
}
