package io.rosterbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;
import io.rosterbridge.gateway.testing.Browser;
import io.rosterbridge.gateway.testing.Fixtures;
import io.rosterbridge.gateway.testing.KafkaTopics;
import io.rosterbridge.gateway.testing.LogScan;
import io.rosterbridge.gateway.testing.MockCleverProfile;
import io.rosterbridge.gateway.testing.MockCleverProviderResource;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.vertx.core.json.JsonObject;

/**
 * The gateway against an independent OIDC provider (mock-oauth2-server), so it is not tuned to our sandbox only:
 * the happy path, and the id_tokens a well-behaved provider never issues (wrong {@code aud}, {@code iss},
 * {@code nonce}, expired, bad signature), served as the token response of a real code flow.
 */
@QuarkusTest
@TestProfile(MockCleverProfile.class)
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@ExtendWith(LogScan.class)
class MockProviderLoginTest {

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    LinkedDistrictRepository districts;

    @BeforeAll
    static void noLogLineMayHoldTheClientSecret() {
        LogScan.forbid(List.of(MockCleverProviderResource.CLIENT_SECRET, "Test User"));
    }

    @Test
    void logInWithCleverLandsOnTheReturnPathOfTheStaffApp() {
        String districtId = Fixtures.cleverId();
        String teacherId = Fixtures.cleverId();
        String schoolId = Fixtures.cleverId();
        Fixtures.link(districts, districtId, "active");
        RosterApiTestResource.put(RosterApiTestResource.user(teacherId, districtId, true, "teacher", List.of(schoolId)));
        signInAtProviderAs(teacherId);
        MockCleverProviderResource.drainRequests();

        Browser browser = new Browser();
        Browser.Journey journey = browser.open(gateway.resolve("/login?return_to=/passes/new"));

        URI authorize = journey.firstRequest(uri -> uri.getPath().endsWith("/authorize")).orElseThrow();
        assertThat(Browser.queryParam(authorize, "state")).isPresent();
        assertThat(Browser.queryParam(authorize, "nonce")).isPresent();
        assertThat(Browser.queryParam(authorize, "client_id")).contains(MockCleverProviderResource.CLIENT_ID);
        assertThat(Browser.queryParam(authorize, "redirect_uri")).contains(gateway.resolve("/auth/callback").toString());
        assertThat(journey.status()).isEqualTo(303);
        assertThat(journey.leftTo()).contains(URI.create("https://apps.test/staff/passes/new"));
        assertThat(MockCleverProviderResource.tokenRequests(MockCleverProviderResource.drainRequests())).hasSize(1);

        JsonObject session = new JsonObject(browser.get(gateway.resolve("/api/session")).body());
        assertThat(session.getString("cleverUserId")).isEqualTo(teacherId);
        assertThat(session.getString("districtId")).isEqualTo(districtId);
        assertThat(session.getJsonArray("roles").getList()).containsExactly("teacher");
        assertThat(session.getJsonArray("schoolIds").getList()).containsExactly(schoolId);
        assertThat(browser.cookie("q_session")).as("no Clever session kept beside the platform session").isEmpty();

        ConsumerRecord<String, String> audit = KafkaTopics.awaitAudit(KafkaTopics.auditOf("success", teacherId), Duration.ofSeconds(10));
        EventContracts.assertConforms("login-audit", audit.value());
        assertThat(audit.key()).isEqualTo(districtId);
        assertThat(new JsonObject(audit.value()).getString("flow")).isEqualTo("log-in-with-clever");
        assertThat(audit.value()).doesNotContain(browser.cookie("rb_session").orElseThrow());
        assertThat(RosterApiTestResource.authorizedReads()).isPositive();
    }

    @Test
    void aCraftedButValidIdTokenIsAcceptedSoTheRejectionsBelowAreAboutTheirClaims() {
        String userId = rosteredTeacher();
        assertThat(callbackWithIdToken(userId, claims -> { }).status()).isEqualTo(303);
    }

    @Test
    void idTokenForAnotherAudienceIsRejected() {
        String userId = rosteredTeacher();
        assertProviderError(callbackWithIdToken(userId, claims -> claims.put("aud", "some-other-app")));
    }

    @Test
    void idTokenFromAnotherIssuerIsRejected() {
        String userId = rosteredTeacher();
        assertProviderError(callbackWithIdToken(userId, claims -> claims.put("iss", "https://evil.example")));
    }

    @Test
    void expiredIdTokenIsRejected() {
        String userId = rosteredTeacher();
        assertProviderError(callbackWithIdToken(userId, claims -> claims.put("expiry", -600L)));
    }

    @Test
    void idTokenWithAnotherNonceIsRejected() {
        String userId = rosteredTeacher();
        assertProviderError(callbackWithIdToken(userId, claims -> claims.put("nonce", "not-the-nonce-we-sent")));
    }

    @Test
    void idTokenWithABadSignatureIsRejected() {
        String userId = rosteredTeacher();
        MockCleverProviderResource.tamperNextIdTokenSignature();
        assertProviderError(callbackWithIdToken(userId, claims -> { }));
    }

    private String rosteredTeacher() {
        String districtId = Fixtures.cleverId();
        String userId = Fixtures.cleverId();
        Fixtures.link(districts, districtId, "active");
        RosterApiTestResource.put(RosterApiTestResource.user(userId, districtId, true, "teacher", List.of(Fixtures.cleverId())));
        return userId;
    }

    private static void assertProviderError(Browser.Journey journey) {
        Instant before = Instant.now().minusSeconds(5);
        assertThat(journey.status()).isEqualTo(401);
        assertThat(journey.body()).contains("data-outcome=\"provider-error\"").contains("finish signing you in")
                .doesNotContain("Exception");
        assertThat(journey.leftTo()).isEmpty();
        ConsumerRecord<String, String> audit = KafkaTopics.awaitAudit(event -> "provider-error".equals(event.getString("outcome"))
                && Instant.parse(event.getString("occurredAt")).isAfter(before), Duration.ofSeconds(10));
        EventContracts.assertConforms("login-audit", audit.value());
    }

    /**
     * A real code flow in which the provider issues an id_token with the claims a provider sets, changed by
     * {@code change}. Pseudo-claim {@code expiry}: seconds from now, negative = expired.
     */
    private Browser.Journey callbackWithIdToken(String userId, Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("user_type", "teacher");
        change.accept(claims);
        long expiry = ((Number) claims.getOrDefault("expiry", 3600L)).longValue();
        claims.remove("expiry");
        MockCleverProviderResource.server().enqueueCallback(new DefaultOAuth2TokenCallback(MockCleverProviderResource.ISSUER_ID, userId, "JWT",
                List.of(MockCleverProviderResource.CLIENT_ID), claims, expiry));
        return new Browser().open(gateway.resolve("/login"));
    }

    private static void signInAtProviderAs(String cleverUserId) {
        MockCleverProviderResource.server().enqueueCallback(
                new DefaultOAuth2TokenCallback(MockCleverProviderResource.ISSUER_ID, cleverUserId));
    }
}
