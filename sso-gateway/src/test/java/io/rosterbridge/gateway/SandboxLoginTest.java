package io.rosterbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.gateway.client.RosterDirectory;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;
import io.rosterbridge.gateway.testing.Browser;
import io.rosterbridge.gateway.testing.CleverPortal;
import io.rosterbridge.gateway.testing.Fixtures;
import io.rosterbridge.gateway.testing.KafkaTopics;
import io.rosterbridge.gateway.testing.LogScan;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.gateway.testing.SandboxCleverResource;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.vertx.core.json.JsonObject;

/**
 * Browser-like logins against the Clever sandbox: Log in with Clever, Instant Login (no {@code state}), replayed
 * callbacks, expired and reused codes, a tampered {@code state}, the refusals, open-redirect attempts and logout.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@WithTestResource(SandboxCleverResource.class)
@ExtendWith(LogScan.class)
class SandboxLoginTest {

    private static final Duration AUDIT_WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    LinkedDistrictRepository districts;

    String districtId;
    Instant testStarted;

    @Inject
    @CacheName(RosterDirectory.CACHE)
    Cache rosterCache;

    @BeforeAll
    static void noLogLineMayNameTheTestUsers() {
        LogScan.forbid(SandboxCleverResource.personalData(SandboxCleverResource.demoDistrictId()));
        LogScan.forbid(List.of(SandboxCleverResource.clientSecret(), "Test User"));
    }

    @BeforeEach
    void linkTheDemoDistrict() {
        testStarted = Instant.now().minusMillis(500); // events carry the gateway's clock: the same machine
        rosterCache.invalidateAll().await().indefinitely(); // tests re-roster the demo district's few users
        districtId = SandboxCleverResource.demoDistrictId();
        Fixtures.link(districts, districtId, "active");
    }

    @AfterEach
    void resetTheClock() {
        SandboxCleverResource.resetClock();
    }

    @Test
    void logInWithCleverLandsATeacherInTheStaffApp() {
        String teacherId = rostered("teacher", districtId, true);
        Browser browser = new Browser();

        Browser.Journey atClever = browser.open(gateway.resolve("/login?district_id=" + districtId));
        URI authorize = atClever.firstRequest(uri -> uri.getPath().equals("/oauth/authorize")).orElseThrow();
        assertThat(Browser.queryParam(authorize, "state")).isPresent();
        assertThat(Browser.queryParam(authorize, "nonce")).isPresent();
        assertThat(Browser.queryParam(authorize, "district_id")).contains(districtId);
        Browser.Journey journey = CleverPortal.pick(browser, atClever, teacherId, "teacher");

        assertThat(journey.status()).isEqualTo(303);
        assertThat(journey.leftTo()).contains(URI.create("https://apps.test/staff"));
        assertSession(browser, teacherId, "teacher");
        ConsumerRecord<String, String> audit = KafkaTopics.awaitAudit(KafkaTopics.auditOf("success", teacherId, testStarted), AUDIT_WAIT);
        EventContracts.assertConforms("login-audit", audit.value());
        assertThat(new JsonObject(audit.value()).getString("flow")).isEqualTo("log-in-with-clever");
        assertThat(RosterApiTestResource.authorizedReads()).as("the roster was read with a staff token").isPositive();
        assertThat(RosterApiTestResource.refusedReads()).as("never without one").isZero();
    }

    @Test
    void instantLoginWithoutStateRestartsTheAuthorizationAndNeverRedeemsTheStatelessCode() {
        String studentId = rostered("student", districtId, true);
        Browser browser = new Browser();

        Browser.Journey toGateway = browser.openUntil(URI.create(SandboxCleverResource.instantLoginUrl(studentId)), SandboxLoginTest::isCallback);
        URI portalCallback = toGateway.leftTo().orElseThrow();
        assertThat(Browser.queryParam(portalCallback, "code")).isPresent();
        assertThat(Browser.queryParam(portalCallback, "state")).isEmpty();

        Browser.Journey journey = browser.follow(portalCallback, browser.get(portalCallback), new ArrayList<>(List.of(portalCallback)));
        URI authorize = journey.firstRequest(uri -> uri.getPath().equals("/oauth/authorize")).orElseThrow();
        assertThat(Browser.queryParam(authorize, "state")).as("a fresh state").isPresent();
        assertThat(CleverPortal.isLoginPage(journey)).as("signed in at Clever: no extra page").isFalse();

        assertThat(journey.status()).isEqualTo(303);
        assertThat(journey.leftTo()).contains(URI.create("https://apps.test/student"));
        assertSession(browser, studentId, "student");
        assertThat(redeemAtSandbox(Browser.queryParam(portalCallback, "code").orElseThrow()))
                .as("the stateless code was left unredeemed").isEqualTo(200);
        ConsumerRecord<String, String> audit = KafkaTopics.awaitAudit(KafkaTopics.auditOf("success", studentId, testStarted), AUDIT_WAIT);
        EventContracts.assertConforms("login-audit", audit.value());
        assertThat(new JsonObject(audit.value()).getString("flow")).isEqualTo("instant-login");
    }

    @Test
    void aNewerCleverLoginOnASharedDeviceReplacesTheSession() {
        String studentId = rostered("student", districtId, true);
        String teacherId = rostered("teacher", districtId, true);
        Browser sharedDevice = new Browser();
        instantLogin(sharedDevice, studentId, "student");
        assertSession(sharedDevice, studentId, "student");

        Browser.Journey second = instantLogin(sharedDevice, teacherId, "teacher");

        assertThat(second.leftTo()).contains(URI.create("https://apps.test/staff"));
        assertSession(sharedDevice, teacherId, "teacher");
    }

    @Test
    void aReplayedCallbackLandsInTheAppWhileItsSessionLastsAndIsNeverRedeemedTwice() {
        String teacherId = rostered("teacher", districtId, true);
        Browser browser = new Browser();
        Browser.Journey atClever = browser.openUntil(gateway.resolve("/login"), SandboxLoginTest::isCallback);
        URI callback = CleverPortal.pick(browser, atClever, teacherId, "teacher", SandboxLoginTest::isCallback).leftTo().orElseThrow();
        assertThat(browser.get(callback).statusCode()).isEqualTo(303);

        HttpResponse<String> refresh = browser.get(callback);
        assertThat(refresh.statusCode()).as("a second redemption would fail at the sandbox").isEqualTo(303);
        assertThat(refresh.headers().firstValue("Location")).contains("https://apps.test/staff");

        browser.post(gateway.resolve("/logout"));
        HttpResponse<String> afterLogout = browser.get(callback);
        assertThat(afterLogout.statusCode()).isEqualTo(302);
        assertThat(afterLogout.headers().firstValue("Location").orElseThrow()).startsWith(SandboxCleverResource.baseUrl() + "/oauth/authorize");
    }

    @Test
    void anExpiredCodeGivesAClearPageAndAnAuditEvent() {
        String teacherId = rostered("teacher", districtId, true);
        Browser browser = new Browser();
        Browser.Journey atClever = browser.openUntil(gateway.resolve("/login"), SandboxLoginTest::isCallback);
        URI callback = CleverPortal.pick(browser, atClever, teacherId, "teacher", SandboxLoginTest::isCallback).leftTo().orElseThrow();

        SandboxCleverResource.advanceClock(Duration.ofSeconds(61));
        HttpResponse<String> response = browser.get(callback);

        assertProviderErrorPage(response);
        assertThat(browser.cookie("rb_session")).isEmpty();
    }

    @Test
    void aCodeUsedOnceIsRefusedWhenSentAgainWithANewState() {
        String teacherId = rostered("teacher", districtId, true);
        Browser browser = new Browser();
        URI first = CleverPortal.pick(browser, browser.openUntil(gateway.resolve("/login"), SandboxLoginTest::isCallback), teacherId,
                "teacher", SandboxLoginTest::isCallback).leftTo().orElseThrow();
        assertThat(browser.get(first).statusCode()).isEqualTo(303);
        URI second = CleverPortal.pick(browser, browser.openUntil(gateway.resolve("/login"), SandboxLoginTest::isCallback), teacherId,
                "teacher", SandboxLoginTest::isCallback).leftTo().orElseThrow();

        URI reused = URI.create(gateway.resolve("/auth/callback") + "?code=" + Browser.queryParam(first, "code").orElseThrow()
                + "&state=" + Browser.queryParam(second, "state").orElseThrow());
        assertProviderErrorPage(browser.get(reused));
    }

    @Test
    void aTamperedStateIsRefusedAndItsCodeNeverRedeemed() {
        String teacherId = rostered("teacher", districtId, true);
        Browser browser = new Browser();
        URI callback = CleverPortal.pick(browser, browser.openUntil(gateway.resolve("/login"), SandboxLoginTest::isCallback), teacherId,
                "teacher", SandboxLoginTest::isCallback).leftTo().orElseThrow();
        String code = Browser.queryParam(callback, "code").orElseThrow();

        URI tampered = URI.create(gateway.resolve("/auth/callback") + "?code=" + code + "&state=forged-state");
        assertProviderErrorPage(browser.get(tampered));
        assertThat(browser.cookie("rb_session")).isEmpty();
        assertThat(redeemAtSandbox(code)).as("the code was left unredeemed").isEqualTo(200);
    }

    @Test
    void aUserTheRosterDoesNotKnowIsToldToAskTheirCleverAdministrator() {
        String unknownId = SandboxCleverResource.userIds(districtId, "student").get(0);
        RosterApiTestResource.forget(unknownId);
        assertRefused(unknownId, "student", "unknown-user", "Ask your Clever administrator", null);
    }

    @Test
    void anArchivedUserIsRefused() {
        String archivedId = rostered("student", districtId, false);
        assertRefused(archivedId, "student", "archived-user", "no longer shares your account", districtId);
    }

    @Test
    void aUserOfADistrictThatIsNotLinkedIsRefused() {
        String unlinkedDistrict = Fixtures.cleverId();
        String userId = rostered("teacher", unlinkedDistrict, true);
        assertRefused(userId, "teacher", "district-not-linked", "has not connected Rosterbridge", unlinkedDistrict);
    }

    @Test
    void aUserOfAPausedDistrictIsRefused() {
        String pausedDistrict = Fixtures.cleverId();
        Fixtures.link(districts, pausedDistrict, "paused");
        String userId = rostered("teacher", pausedDistrict, true);
        assertRefused(userId, "teacher", "district-inactive", "is paused", pausedDistrict);
    }

    @Test
    void aDistrictPausedAfterALoginRefusesTheNextLoginAtOnce() {
        String district = Fixtures.cleverId();
        Fixtures.link(districts, district, "active");
        String userId = rostered("teacher", district, true);
        Browser before = new Browser();
        Browser.Journey admitted = CleverPortal.pick(before, before.open(gateway.resolve("/login")), userId, "teacher");
        assertThat(admitted.status()).isEqualTo(303); // the district's link is now in the gateway's cache

        Fixtures.link(districts, district, "paused");

        assertRefused(userId, "teacher", "district-inactive", "is paused", district);
    }

    @Test
    void aRosterOutageGivesATryAgainPageAndNeverASession() {
        String userId = rostered("teacher", districtId, true);
        RosterApiTestResource.failReadsOf(userId);
        try {
            Browser browser = new Browser();
            Browser.Journey journey = CleverPortal.pick(browser, browser.open(gateway.resolve("/login")), userId, "teacher");

            assertThat(journey.status()).isEqualTo(503);
            assertThat(journey.body()).contains("Please try again in a minute").doesNotContain("Exception");
            assertThat(browser.cookie("rb_session")).isEmpty();
            ConsumerRecord<String, String> audit = KafkaTopics.awaitAudit(KafkaTopics.auditOf("provider-error", userId, testStarted), AUDIT_WAIT);
            EventContracts.assertConforms("login-audit", audit.value());
        } finally {
            RosterApiTestResource.forget(userId);
        }
    }

    @Test
    void anErrorReturnedByCleverGivesAClearPage() {
        Browser browser = new Browser();
        assertProviderErrorPage(browser.get(gateway.resolve("/auth/callback?error=access_denied")));
        assertProviderErrorPage(browser.get(gateway.resolve("/auth/error?error=access_denied&error_description=%3Cscript%3E")));
    }

    @Test
    void returnPathsThatLeaveTheSiteAreRefused() {
        Browser browser = new Browser();
        for (String evil : List.of("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
                "/\r\nLocation: https://evil.example", "evil.example")) {
            String encoded = URLEncoder.encode(evil, StandardCharsets.UTF_8);
            HttpResponse<String> login = browser.get(gateway.resolve("/login?return_to=" + encoded));
            assertThat(login.statusCode()).as("login return_to %s", evil).isEqualTo(400);
            assertThat(login.headers().firstValue("Location")).isEmpty();
            assertThat(login.body()).contains("return_to must be a path on this site");
            HttpResponse<String> logout = browser.get(gateway.resolve("/logout?return_to=" + encoded));
            assertThat(logout.statusCode()).as("logout return_to %s", evil).isEqualTo(400);
            assertThat(logout.headers().firstValue("Location")).isEmpty();
        }
        assertThat(browser.get(gateway.resolve("/login?district_id=not-a-clever-id")).statusCode()).isEqualTo(400);
    }

    @Test
    void logoutEndsTheSessionOnThisDevice() {
        String teacherId = rostered("teacher", districtId, true);
        Browser browser = new Browser();
        CleverPortal.pick(browser, browser.open(gateway.resolve("/login")), teacherId, "teacher");
        assertSession(browser, teacherId, "teacher");

        HttpResponse<String> logout = browser.post(gateway.resolve("/logout"));

        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/signed-out");
        assertThat(browser.cookie("rb_session")).isEmpty();
        assertThat(browser.get(gateway.resolve("/api/session")).statusCode()).isEqualTo(401);
        assertThat(browser.get(gateway.resolve("/signed-out")).body()).contains("signed out");
        ConsumerRecord<String, String> audit = KafkaTopics.awaitAudit(KafkaTopics.auditOf("logout", teacherId, testStarted), AUDIT_WAIT);
        EventContracts.assertConforms("login-audit", audit.value());
    }

    @Test
    void theSessionIsAnEs256JwtAppsCanVerifyWithThePublishedKey() throws JoseException {
        String teacherId = rostered("teacher", districtId, true);
        Browser browser = new Browser();
        CleverPortal.pick(browser, browser.open(gateway.resolve("/login")), teacherId, "teacher");
        String[] parts = browser.cookie("rb_session").orElseThrow().split("\\.");
        JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        JsonObject jwks = new JsonObject(browser.get(gateway.resolve("/.well-known/jwks.json")).body());

        assertThat(header.getString("alg")).isEqualTo("ES256");
        assertThat(jwks.getJsonArray("keys").getJsonObject(0).getString("kid")).isEqualTo(header.getString("kid"));
        assertThat(claims.getString("sub")).isEqualTo(teacherId);
        assertThat(claims.getString("district")).isEqualTo(districtId);
        assertThat(claims.getJsonArray("groups").getList()).containsExactly("teacher");
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(8 * 3600);
        // An app's check: the signature verifies with the published key alone (the JDK's own ES256 verifier here,
        // whichever provider signed it), and a token with a forged payload does not.
        String token = String.join(".", parts);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.copy().put("sub", "someone-else").encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(signatureVerifies(token, jwks)).isTrue();
        assertThat(signatureVerifies(forged, jwks)).isFalse();
    }

    private static boolean signatureVerifies(String compactJws, JsonObject jwks) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256));
        jws.setCompactSerialization(compactJws);
        jws.setKey(new JsonWebKeySet(jwks.encode()).getJsonWebKeys().get(0).getKey());
        return jws.verifySignature();
    }

    private void assertRefused(String userId, String role, String outcome, String advice, String auditDistrict) {
        Browser browser = new Browser();
        Browser.Journey journey = CleverPortal.pick(browser, browser.open(gateway.resolve("/login")), userId, role);

        assertThat(journey.status()).isEqualTo(403);
        assertThat(journey.body()).contains("data-outcome=\"" + outcome + "\"").contains(advice).doesNotContain("Exception");
        assertThat(browser.cookie("rb_session")).isEmpty();
        ConsumerRecord<String, String> audit = KafkaTopics.awaitAudit(KafkaTopics.auditOf(outcome, userId, testStarted), AUDIT_WAIT);
        EventContracts.assertConforms("login-audit", audit.value());
        assertThat(new JsonObject(audit.value()).getString("districtId")).isEqualTo(auditDistrict);
    }

    private static void assertProviderErrorPage(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("data-outcome=\"provider-error\"").contains("Start again").doesNotContain("Exception");
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    private Browser.Journey instantLogin(Browser browser, String userId, String role) {
        Browser.Journey restarted = browser.open(URI.create(SandboxCleverResource.instantLoginUrl(userId)));
        return CleverPortal.pick(browser, restarted, userId, role);
    }

    private void assertSession(Browser browser, String userId, String role) {
        HttpResponse<String> response = browser.get(gateway.resolve("/api/session"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject session = new JsonObject(response.body());
        assertThat(session.getString("cleverUserId")).isEqualTo(userId);
        assertThat(session.getJsonArray("roles").getList()).containsExactly(role);
    }

    /** Puts a sandbox user with that role into the roster (as roster-writer would have it) and returns the id. */
    private String rostered(String role, String rosterDistrictId, boolean active) {
        List<String> candidates = SandboxCleverResource.userIds(districtId, role);
        String userId = candidates.get(Math.floorMod(Fixtures.cleverId().hashCode(), candidates.size()));
        RosterApiTestResource.put(RosterApiTestResource.user(userId, rosterDistrictId, active, role,
                SandboxCleverResource.schoolIds(districtId).subList(0, 1)));
        return userId;
    }

    /** Redeems a code at the sandbox's token endpoint as the app would; 200 means nobody had redeemed it. */
    private int redeemAtSandbox(String code) {
        String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(gateway.resolve("/auth/callback").toString(), StandardCharsets.UTF_8);
        String basic = Base64.getEncoder().encodeToString((SandboxCleverResource.clientId() + ":" + SandboxCleverResource.clientSecret()).getBytes(StandardCharsets.UTF_8));
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SandboxCleverResource.baseUrl() + "/oauth/tokens"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isCallback(URI uri) {
        return uri.getPath().equals("/auth/callback") && uri.getQuery() != null && uri.getQuery().contains("code=");
    }
}
