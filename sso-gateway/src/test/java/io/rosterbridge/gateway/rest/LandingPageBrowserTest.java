package io.rosterbridge.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;
import io.rosterbridge.gateway.testing.Fixtures;
import io.rosterbridge.gateway.testing.RosterApiTestResource;
import io.rosterbridge.gateway.testing.SandboxCleverResource;
import io.rosterbridge.infra.testing.HeadlessChromium;
import io.rosterbridge.infra.testing.RealInfraTestResource;

/**
 * Headless Chromium (Debian's chromium and chromium-driver): a student logs in with Clever at the sandbox, and the
 * landing page (the local stack's stand-in for the app) shows their name, role and school and logs them out.
 * Screenshot under target/browser/.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sso_gateway"))
@WithTestResource(RosterApiTestResource.class)
@WithTestResource(SandboxCleverResource.class)
class LandingPageBrowserTest {

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    LinkedDistrictRepository districts;

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
    void aStudentSeesWhoIsSignedInAndLogsOut() throws IOException {
        String districtId = SandboxCleverResource.demoDistrictId();
        Fixtures.link(districts, districtId, "active");
        String studentId = SandboxCleverResource.userIds(districtId, "student").get(0);
        String schoolId = SandboxCleverResource.schoolIds(districtId).get(0);
        RosterApiTestResource.put(RosterApiTestResource.user(studentId, districtId, true, "student", List.of(schoolId)));

        // Log in with Clever: the sandbox's login page, the student picks their account, the gateway signs them in
        // and sends them on to the app (outside this test: the browser's navigation there fails, the cookie stays).
        driver.get(gateway.resolve("/login?district_id=" + districtId).toString());
        waitFor(By.cssSelector("a[data-user-id='" + studentId + "'][data-role='student']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().startsWith(SandboxCleverResource.baseUrl())
                && !d.getCurrentUrl().contains("/auth/callback"));

        driver.get(gateway.resolve("/app").toString());
        assertThat(waitFor(By.id("signed-in-name")).getText()).isEqualTo("Test User");
        assertThat(driver.findElement(By.id("roles")).getText()).isEqualTo("student");
        assertThat(driver.findElement(By.id("schools")).getText()).isEqualTo(RosterApiTestResource.schoolName(schoolId));
        browser.screenshot("landing-page");

        driver.findElement(By.id("logout")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/signed-out"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("You're signed out");

        driver.get(gateway.resolve("/app").toString());
        assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("You're not signed in");
        assertThat(driver.findElements(By.id("logout"))).isEmpty();
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }
}
