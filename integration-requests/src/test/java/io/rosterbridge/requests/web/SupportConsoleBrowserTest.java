package io.rosterbridge.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
import io.rosterbridge.infra.oidc.StaffIdentityProvider;
import io.rosterbridge.infra.testing.HeadlessChromium;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.support.FetcherStandIn;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.TestData;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/**
 * Headless Chromium (Debian's chromium and chromium-driver): a district admin fills the intake form,
 * then support signs in through the staff OIDC provider, checks and links the district, presses
 * "Sync now" and watches the run complete. The console's screenshot is kept under target/browser/.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
class SupportConsoleBrowserTest {

    @TestHTTPResource("/")
    URL base;

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
    void intakeThenSupportLinksAndSyncsTheDistrict() throws Exception {
        String name = TestData.unique("Browser Valley SD");
        String districtId = Onboarding.generate(name, 1700);
        List<School> schools = Onboarding.schools(districtId);

        // The district admin fills the public form.
        driver.get(url("requests/new"));
        driver.findElement(By.id("districtName")).sendKeys(name);
        driver.findElement(By.id("schools")).sendKeys(schools.get(0).name() + "\n" + schools.get(1).name() + " | " + schools.get(1).id());
        driver.findElement(By.id("contactName")).sendKeys("Dana District");
        driver.findElement(By.id("contactEmail")).sendKeys("dana." + UUID.randomUUID().toString().substring(0, 6) + "@valley.org");
        driver.findElement(By.id("role-students")).click();
        driver.findElement(By.id("role-teachers")).click();
        driver.findElement(By.id("submit")).click();
        waitFor(By.id("submitted"));
        assertThat(driver.findElement(By.id("state")).getText()).isEqualTo("submitted");
        assertThat(driver.getCurrentUrl()).contains("/requests/status/");

        // Support signs in through the staff OIDC provider (auto-login as a support user).
        StaffOidcTestResource.provider().server().enqueueCallback(new DefaultOAuth2TokenCallback(StaffIdentityProvider.ISSUER_ID,
                "sam", "JWT", List.of("integration-requests"), Map.of("groups", List.of("support"), "preferred_username", "sam"), 3600));
        driver.get(url("support"));
        WebElement districtLink = waitFor(By.linkText(name));
        assertThat(driver.getCurrentUrl()).startsWith(url("support"));
        districtLink.click();

        // Check with Clever, then link with the suggested schools.
        waitFor(By.id("check-now")).click();
        waitFor(By.id("notice"));
        assertThat(driver.findElement(By.id("state")).getText()).isEqualTo("shared");
        assertThat(driver.findElement(By.id("school-" + schools.get(0).id())).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("school-" + schools.get(1).id())).isSelected()).isTrue();
        driver.findElement(By.id("organisationId")).sendKeys("org-browser-valley");
        driver.findElement(By.id("save-link")).click();
        waitFor(By.id("link-summary"));
        assertThat(driver.findElement(By.id("state")).getText()).isEqualTo("linked");
        assertThat(driver.findElement(By.id("link-summary")).getText()).contains("org-browser-valley", "2 licensed school(s)");

        // Sync now: the stand-in fetcher answers the command; the page follows the run until it completes.
        try (FetcherStandIn fetcher = new FetcherStandIn(districtId)) {
            driver.findElement(By.id("sync-now")).click();
            waitFor(By.id("run-progress"));
            UUID run = fetcher.completedRun().get(30, TimeUnit.SECONDS);
            WebElement row = new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.run-completed#run-" + run)));
            assertThat(row.getText()).contains("completed", "1700 users", "1702 / 0 / 0 / 0", "3.0 s");
        }
        assertThat(driver.findElement(By.id("state")).getText()).isEqualTo("syncing");
        assertThat(driver.findElements(By.id("run-progress"))).isEmpty();
        assertThat(driver.findElement(By.id("audit")).getText()).contains("staff:sam");

        assertThat(Files.size(browser.screenshot("support-console"))).isPositive();
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + "/" + path;
    }
}
