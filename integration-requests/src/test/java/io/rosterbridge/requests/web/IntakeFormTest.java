package io.rosterbridge.requests.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.support.IntakeForm;
import io.rosterbridge.requests.support.TestData;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** The public intake form through HTTP: sizes, CSRF, and every error as a page that explains itself. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class IntakeFormTest {

    /** Three bytes in UTF-8, nine once form-encoded: the widest character a text field can hold per Java char. */
    private static final String WIDE = "€";

    @Test
    void theFormShowsFieldErrorsAndKeepsWhatWasTyped() {
        var fields = IntakeForm.valid("Cedar District");
        fields.put("schools", List.of(""));
        fields.put("contactEmail", List.of("nope"));
        fields.put("sharedRoles", List.of("teachers"));
        IntakeForm.submit(fields).then().statusCode(400)
                .contentType(ContentType.HTML)
                .body(containsString("Name at least one school."))
                .body(containsString("Contact email must be an email address"))
                .body(containsString("value=\"Cedar District\""));
        given().when().get("/requests/new").then().statusCode(200).body(containsString("Request a Clever integration"));
        given().redirects().follow(false).when().get("/").then().statusCode(303);
        given().when().get("/requests/status/no-such-token").then().statusCode(404);
    }

    @Test
    void acceptsNotesOf1500AccentedCharacters() {
        String district = TestData.unique("Accented notes");
        String notes = "é".repeat(1_500);
        var fields = IntakeForm.valid(district);
        fields.put("notes", List.of(notes));
        IntakeForm.submit(fields).then().statusCode(303).header("Location", containsString("/requests/status/"));
        String stored = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.<IntegrationRequest>find("districtName", district)
                .firstResult().notes);
        assertThat(stored).isEqualTo(notes);
    }

    @Test
    void acceptsTheLargestValidFormWithEveryCharacterAtItsWidest() {
        String prefix = "Widest " + UUID.randomUUID().toString().substring(0, 8) + " ";
        String district = prefix + WIDE.repeat(200 - prefix.length());
        List<String> schoolLines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            schoolLines.add(WIDE.repeat(200) + " | " + HexFormat.of().toHexDigits(i).repeat(3));
        }
        var fields = IntakeForm.valid(district);
        fields.put("schools", List.of(String.join("\r\n", schoolLines)));
        fields.put("contactName", List.of(WIDE.repeat(200)));
        fields.put("contactEmail", List.of(WIDE.repeat(120) + "@" + WIDE.repeat(129) + ".org"));
        fields.put("sharedRoles", List.of("students", "teachers", "staff", "district_admins"));
        fields.put("notes", List.of(WIDE.repeat(2_000)));
        assertThat(IntakeForm.encode(fields).length()).as("the form's encoded size").isBetween(115_000, 131_072);

        IntakeForm.submit(fields).then().statusCode(303);
        int schools = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.<IntegrationRequest>find("districtName", district)
                .firstResult().schools.size());
        assertThat(schools).isEqualTo(50);
    }

    @Test
    void anOversizeFieldShowsTheFormAgainWithItsMessage() {
        var fields = IntakeForm.valid(TestData.unique("Long notes"));
        fields.put("notes", List.of("é".repeat(5_000)));
        fields.put("contactName", List.of("n".repeat(3_000)));
        IntakeForm.submit(fields).then().statusCode(400)
                .contentType(ContentType.HTML)
                .body(containsString("id=\"error-notes\">Notes must be at most 2000 characters."))
                .body(containsString("id=\"error-contactName\">Contact name must be at most 200 characters."))
                .body(containsString("Lincoln Elementary"));
    }

    @Test
    void aFormOverTheSizeLimitGetsAPageThatSaysWhy() {
        IntakeForm.Csrf csrf = IntakeForm.open();
        var fields = IntakeForm.valid(TestData.unique("Huge"));
        fields.put("notes", List.of("n".repeat(140_000)));
        fields.put("csrf-token", List.of(csrf.token()));
        IntakeForm.post(IntakeForm.encode(fields), csrf.cookie()).then().statusCode(413)
                .contentType(ContentType.HTML)
                .body(containsString("The form is too large"))
                .body(containsString("larger than 131072 bytes"));
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedWithAPageAndStoresNothing() {
        String district = TestData.unique("Forged");
        Map<String, List<String>> fields = IntakeForm.valid(district);
        IntakeForm.post(IntakeForm.encode(fields), null).then().statusCode(403)
                .contentType(ContentType.HTML)
                .body(containsString("This form has expired"));
        IntakeForm.Csrf csrf = IntakeForm.open();
        fields.put("csrf-token", List.of(IntakeForm.open().token()));
        IntakeForm.post(IntakeForm.encode(fields), csrf.cookie()).then().statusCode(403);
        long stored = QuarkusTransaction.requiringNew().call(() -> IntegrationRequest.count("districtName", district));
        assertThat(stored).isZero();
    }

    @Test
    void pagesExplainTheFrameworksErrors() {
        Response plain = given().header("X-Forwarded-For", TestData.address()).contentType("text/plain").body("districtName=x")
                .when().post("/requests");
        plain.then().statusCode(415).contentType(startsWith("text/html"))
                .body(containsString("Unsupported Content-Type"));
        given().when().get("/no-such-page").then().statusCode(404).contentType(startsWith("text/html"))
                .body(containsString("There is nothing at /no-such-page."));
    }
}
