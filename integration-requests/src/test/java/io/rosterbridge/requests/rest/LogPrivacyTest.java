package io.rosterbridge.requests.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.support.TestData;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * docs/operations.md: logs never hold an e-mail address, a name or a secret. An intake request sends two mails (the
 * team's and the contact's, with the private status link); what the service logged meanwhile holds none of the
 * contact's data and not the link's token.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class LogPrivacyTest {

    private static final Path LOG = Path.of("target/integration-requests-test.log");

    @Inject
    MockMailbox mailbox;

    @Test
    void anIntakeRequestAndItsMailsLeaveNoContactDataOrStatusTokenInTheLog() throws Exception {
        long start = Files.exists(LOG) ? Files.size(LOG) : 0;
        String district = TestData.unique("Quiet Log USD");
        String email = "quiet." + System.nanoTime() + "@district.org";
        String statusUrl = given().header("X-Forwarded-For", TestData.address())
                .contentType(ContentType.JSON).body(TestData.intakeJson(district, email))
                .when().post("/api/requests")
                .then().statusCode(201)
                .extract().path("statusUrl");
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !mailbox.getMailsSentTo(email).isEmpty());
        String token = statusUrl.substring(statusUrl.lastIndexOf('/') + 1);

        byte[] all = Files.readAllBytes(LOG);
        String logged = new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8);
        assertThat(all).as("the file handler writes the service's log (it logged its start)").isNotEmpty();
        assertThat(logged).doesNotContain(email, "Ada Admin", token, "@district.org");
    }
}
