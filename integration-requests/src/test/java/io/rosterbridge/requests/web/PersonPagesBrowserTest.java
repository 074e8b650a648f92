package io.rosterbridge.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.rosterbridge.infra.oidc.StaffIdentityProvider;
import io.rosterbridge.infra.testing.HeadlessChromium;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.people.LoginAttempts;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.RosterPeopleTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Headless Chromium: support finds a person from the console's front page, opens their page and reads why they
 * cannot log in — an archived student (when, by which run) and a student the linked district never shared. The
 * roster is roster-writer's read API contract served by {@link RosterPeopleTestResource}. Screenshot under
 * target/browser/.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(RosterPeopleTestResource.class)
class PersonPagesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    LoginAttempts attempts;

    private WebDriver driver;
    private HeadlessChromium browser;

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start();
        driver = browser.driver();
    }

    @AfterEach
    void stopBrowser() {
        browser.close();
    }

    @Test
    void supportFindsAnArchivedStudentAndOneTheDistrictNeverShared() throws Exception {
        Onboarding.District district = Onboarding.linked("People USD");
        String surname = "Quill" + cleverId().substring(0, 6);
        String archivedId = cleverId();
        UUID archivingRun = UUID.randomUUID();
        RosterPeopleTestResource.put(RosterPeopleTestResource.person(archivedId, district.districtId(), "Ava", surname, "student",
                district.schools().get(0).id(), "Lincoln Elementary", "2026-06-30T03:00:00Z", archivingRun.toString()));
        attempts.record(new LoginAuditEvent(1, UUID.randomUUID(), "archived-user", "instant-login", archivedId,
                district.districtId(), List.of("student"), "user is archived in the roster", Instant.parse("2026-09-02T12:30:00Z")));
        String unsharedId = cleverId();
        attempts.record(new LoginAuditEvent(1, UUID.randomUUID(), "unknown-user", "log-in-with-clever", unsharedId,
                district.districtId(), List.of(), "not in the roster", Instant.now()));

        StaffOidcTestResource.provider().server().enqueueCallback(new DefaultOAuth2TokenCallback(StaffIdentityProvider.ISSUER_ID,
                "sam", "JWT", List.of("integration-requests"), Map.of("groups", List.of("support"), "preferred_username", "sam"), 3600));
        driver.get(url("support"));
        waitFor(By.id("person-query")).sendKeys("ava " + surname);
        driver.findElement(By.id("person-search")).click();

        WebElement hit = waitFor(By.cssSelector("tr.person-hit"));
        assertThat(hit.getText()).contains("Ava " + surname, "student", "archived", district.name(), "linked");
        hit.findElement(By.className("person-link")).click();

        waitFor(By.id("next-steps"));
        assertThat(driver.findElement(By.id("roster-state")).getText()).isEqualTo("archived since 2026-06-30 03:00:00 UTC");
        assertThat(driver.findElement(By.id("roster-schools")).getText()).isEqualTo("Lincoln Elementary");
        assertThat(driver.findElement(By.id("last-run")).getText()).contains(archivingRun.toString());
        assertThat(driver.findElement(By.id("link-state")).getText()).isEqualTo("linked");
        assertThat(driver.findElement(By.cssSelector("tr.attempt")).getText()).contains("archived-user", "user is archived in the roster");
        assertThat(driver.findElement(By.className("next-step")).getText())
                .startsWith("Archived on 2026-06-30 03:00 UTC by sync run " + archivingRun);
        browser.screenshot("person-page");

        // Not in the roster, but the refused login names a linked district: the district has not shared them.
        driver.get(url("support/people/" + unsharedId));
        waitFor(By.id("not-in-roster"));
        assertThat(driver.findElement(By.cssSelector("tr.attempt .outcome")).getText()).isEqualTo("unknown-user");
        assertThat(driver.findElement(By.className("next-step")).getText()).startsWith("Not shared in Clever")
                .contains(district.schools().get(0).name());

        // A search that finds nobody says so.
        driver.get(url("support/people?q=Nobody" + cleverId().substring(0, 8)));
        assertThat(waitFor(By.id("no-results")).getText()).contains("Nobody in the roster matches");
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + "/" + path;
    }

    private static String cleverId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
